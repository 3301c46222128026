// A cross-site page or a scripted client must not get a request past the HTTP gate, nor turn a
// refusal into a 500 or a broken answer, on Cedar 5.0.3 (graphql-yoga 5.21) as on Redwood 8.9.
import { requestRefusalsSuite } from "@twostep/example-graphql-api-common/suites";
import { CEDAR } from "./framework-under-test.js";

requestRefusalsSuite(CEDAR);
