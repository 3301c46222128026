import type { StateStore } from "../../ports/state-store.js";
import { createRedisAccountLock } from "./redis-account-lock.js";
import { createRedisChallengeStore } from "./redis-challenge-store.js";
import { createRedisLimiterFactory } from "./redis-limiter.js";
import { pingRedis, type RedisClient } from "./redis-client.js";

/** Challenges and limits in Redis (one server or a cluster), shared by every app instance on it. */
export function createRedisStateStore(redis: RedisClient, keyPrefix = "twostep"): StateStore {
  return {
    name: "redis",
    challenges: createRedisChallengeStore(redis, keyPrefix),
    limiter: createRedisLimiterFactory(redis, keyPrefix),
    accountLock: createRedisAccountLock(redis, keyPrefix),
    // Every primary of a cluster, so one master gone turns the check red.
    ping: () => pingRedis(redis),
  };
}
