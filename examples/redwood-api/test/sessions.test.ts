// Sessions on Redwood's real createGraphQLHandler: mySessions marks this one, endSession signs another
// browser out and never another account's, endOtherSessions; changePassword answers NOT_SUPPORTED
// because this app keeps its own passwords.
import { sessionsSuite } from "@twostep/example-graphql-api-common/suites";
import { REDWOOD } from "./framework-under-test.js";

sessionsSuite(REDWOOD);
