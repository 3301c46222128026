import { redisAvailable, TEST_REDIS_URL } from "../support/services";

/**
 * The state stores every GraphQL test runs against: PGlite inside the app (the default), and
 * Redis when it is reachable (skipped with a notice otherwise, or a failure under
 * REQUIRE_SERVICES=1). Redis keys share the "twostep" prefix with other runs, so tests use fresh
 * emails, phones and client addresses, and a global SMS budget no other run can have used up.
 */
export async function stateBackends(): Promise<{ name: string; env: Record<string, string> }[]> {
  const common: Record<string, string> = { SMS_GLOBAL_HOURLY_BUDGET: "1000000" };
  const list = [{ name: "PGlite", env: common }];
  if (await redisAvailable()) list.push({ name: "Redis", env: { ...common, REDIS_URL: TEST_REDIS_URL } });
  return list;
}
