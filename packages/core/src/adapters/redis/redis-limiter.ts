import type { Redis } from "ioredis";
import { RateLimiterRedis } from "rate-limiter-flexible";
import type { LimiterFactory } from "../../ports/limiter.js";
import { wrapLimiter } from "../../limits/wrap-limiter.js";

/**
 * Limits in Redis. Each limiter key is a single Redis key, so it is safe on Redis Cluster.
 * `rejectIfRedisNotReady` makes a down Redis fail at once instead of queueing.
 */
export function createRedisLimiterFactory(redis: Redis, keyPrefix = "twostep"): LimiterFactory {
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
