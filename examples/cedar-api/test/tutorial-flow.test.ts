// The whole tutorial on Cedar's real createGraphQLHandler: sign-up, phone, 2FA on, then a sign-in
// that stays pending until the SMS code, and only then a full session under a new token. Page
// JavaScript must never get a session token or the stage through `cedar { currentUser }`.
import { tutorialFlowSuite } from "@twostep/example-graphql-api-common/suites";
import { CEDAR } from "./framework-under-test.js";

tutorialFlowSuite(CEDAR);
