import type { Redis } from "ioredis";
import type { StateStore } from "../../ports/state-store.js";
import { createRedisChallengeStore } from "./redis-challenge-store.js";
import { createRedisLimiterFactory } from "./redis-limiter.js";

/** Challenges and limits in Redis, shared by every app instance on it. */
export function createRedisStateStore(redis: Redis, keyPrefix = "twostep"): StateStore {
  return {
    name: "redis",
    challenges: createRedisChallengeStore(redis, keyPrefix),
    limiter: createRedisLimiterFactory(redis, keyPrefix),
    ping: async () => {
      await redis.ping();
    },
  };
}
