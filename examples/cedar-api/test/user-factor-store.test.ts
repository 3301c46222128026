// This app's users table must keep the same contract as twostep's own tables, or the two-factor
// service isn't safe on it (backup codes used twice, a phone saved without its proof time, …).
import { userFactorStoreSuite } from "@twostep/example-graphql-api-common/suites";
import { CEDAR } from "./framework-under-test.js";

userFactorStoreSuite(CEDAR);
