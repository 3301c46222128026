import { RateLimiterRedis } from "rate-limiter-flexible";
import type { LimiterFactory } from "../../ports/limiter.js";
import { wrapLimiter } from "../../limits/wrap-limiter.js";
import type { RedisClient } from "./redis-client.js";

/**
 * Limits in Redis. rate-limiter-flexible touches one key per call (its Lua script and MULTIs name
 * only `<prefix>:rl:<limit>:<key>`), so any key, an IP or a phone number included, is safe on Redis
 * Cluster; it takes an ioredis Cluster as its storeClient like a Redis. `rejectIfRedisNotReady`
 * (client.status, which both have) makes a down Redis fail at once instead of queueing.
 */
export function createRedisLimiterFactory(redis: RedisClient, keyPrefix = "twostep"): LimiterFactory {
  return (spec) =>
    wrapLimiter(
      spec,
      new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: `${keyPrefix}:rl:${spec.name}`,
        points: spec.points,
        duration: spec.durationSeconds,
        rejectIfRedisNotReady: true,
      }),
      "redis",
    );
}
