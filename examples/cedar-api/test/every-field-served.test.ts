// Every Query and Mutation field the example serves has its service: a missing one answers a masked
// error and an error log line on every call, and a pending session an INTERNAL_SERVER_ERROR where
// SECOND_FACTOR_REQUIRED belongs.
import { everyFieldServedSuite } from "@twostep/example-graphql-api-common/suites";
import { CEDAR } from "./framework-under-test.js";

everyFieldServedSuite(CEDAR);
