import { startAppServer, type AppServer } from "../../support/app-server";
import { postgresAvailable, redisAvailable, TEST_REDIS_URL } from "../../support/services";

/**
 * The stores a limit test runs the app on: PGlite inside the app, and PostgreSQL with limits
 * and codes in Redis (skipped with a notice when either is not reachable, a failure under
 * REQUIRE_SERVICES=1). Both trust one proxy hop, so a test sets each client's address.
 */
export const APP_BACKENDS: { name: string; enabled: () => Promise<boolean>; start: (env?: Record<string, string>) => Promise<AppServer> }[] = [
  { name: "PGlite", enabled: async () => true, start: (env = {}) => startAppServer({ TRUSTED_PROXY_HOPS: "1", ...env }) },
  {
    name: "PostgreSQL + Redis",
    enabled: async () => (await postgresAvailable()) && (await redisAvailable()),
    start: (env = {}) => startAppServer({ TRUSTED_PROXY_HOPS: "1", REDIS_URL: TEST_REDIS_URL, ...env }, { freshPostgres: true }),
  },
];
