// An email with a control character is a malformed email, not a database error, and no failed
// insert logs the new account's password hash.
import { accountInputSuite } from "@twostep/example-graphql-api-common/suites";
import { REDWOOD } from "./framework-under-test.js";

accountInputSuite(REDWOOD);
