import type { FrameworkUnderTest } from "@twostep/example-graphql-api-common/suites";
import { startServer } from "../src/server.js";

/** This example as the shared suites (examples/graphql-api-common/suites) see it. */
export const CEDAR: FrameworkUnderTest = { name: "Cedar 5.0.3", currentUserRoot: "cedar", startServer };
