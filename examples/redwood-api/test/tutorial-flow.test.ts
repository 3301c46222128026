// The whole tutorial on Redwood's real createGraphQLHandler: sign-up, phone, 2FA on, then a sign-in
// that stays pending until the SMS code, and only then a full session under a new token. Page
// JavaScript must never get a session token or the stage through `redwood { currentUser }`.
import { tutorialFlowSuite } from "@twostep/example-graphql-api-common/suites";
import { REDWOOD } from "./framework-under-test.js";

tutorialFlowSuite(REDWOOD);
