// A cross-site page or a scripted client must not get a request past the HTTP gate, nor turn a
// refusal into a 500: on Redwood 8.9 (graphql-yoga 5.7) a missing CSRF header used to crash the
// request inside onRequestParse; @twostep/graphql's gate now refuses it with a 403.
import { requestRefusalsSuite } from "@twostep/example-graphql-api-common/suites";
import { REDWOOD } from "./framework-under-test.js";

requestRefusalsSuite(REDWOOD);
