// One hand-made request must not take the node:http server down, nor make it buffer a body of any size.
import { malformedHttpSuite } from "@twostep/example-graphql-api-common/suites";
import { REDWOOD } from "./framework-under-test.js";

malformedHttpSuite(REDWOOD);
