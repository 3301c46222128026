import type { StateStore } from "../../ports/state-store.js";
import type { AuditStreamMover } from "./audit-stream-mover.js";
import { createRedisAccountLock } from "./redis-account-lock.js";
import { createRedisChallengeStore } from "./redis-challenge-store.js";
import { createRedisLimiterFactory } from "./redis-limiter.js";
import { createRedisOneStepCheck } from "./redis-one-step-check.js";
import { isCluster, pingRedis, type RedisClient } from "./redis-client.js";

export type RedisStateStoreOptions = {
  /**
   * The mover of the check's audit stream into the SQL audit log (createAuditStreamMover). With
   * it, on one Redis server, a code check is one script (window, check, audit entry, delivery
   * status) and names that audit log's sink, so the core takes the one-step path.
   */
  auditTrail?: AuditStreamMover;
};

/** Challenges and limits in Redis (one server or a cluster), shared by every app instance on it. */
export function createRedisStateStore(redis: RedisClient, keyPrefix = "twostep", options: RedisStateStoreOptions = {}): StateStore {
  const challenges = createRedisChallengeStore(redis, keyPrefix);
  // A script may touch one slot only on Redis Cluster, and the per-IP window and the audit stream
  // sit in other slots than the user's keys: a cluster keeps the check in steps (decision 014).
  const oneStepCheck = options.auditTrail && !isCluster(redis) ? createRedisOneStepCheck(redis, keyPrefix, options.auditTrail) : undefined;
  return {
    name: "redis",
    challenges: oneStepCheck ? { ...challenges, oneStepCheck } : challenges,
    limiter: createRedisLimiterFactory(redis, keyPrefix),
    accountLock: createRedisAccountLock(redis, keyPrefix),
    // Every primary of a cluster, so one master gone turns the check red.
    ping: () => pingRedis(redis),
  };
}
