import type { FrameworkUnderTest } from "@twostep/example-graphql-api-common/suites";
import { startServer } from "../src/server.js";

/** This example as the shared suites (examples/graphql-api-common/suites) see it. */
export const REDWOOD: FrameworkUnderTest = { name: "Redwood 8.9", currentUserRoot: "redwood", startServer };
