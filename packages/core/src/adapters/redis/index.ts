/** @twostep/core/redis: live codes and limits in Redis (ioredis), shared by every app instance. */
export { openRedis, openRedisCluster, type ClusterNodeAddress } from "./open-redis.js";
export { pingRedis, type RedisClient } from "./redis-client.js";
export { REPLICA_WAIT_MS } from "./replica-wait.js";
export { createRedisStateStore, type RedisStateStoreOptions } from "./redis-state-store.js";
export { createAuditStreamMover, AUDIT_MOVE_INTERVAL_MS, type AuditImport, type AuditStreamMover } from "./audit-stream-mover.js";
export { auditLogAfterStream, AUDIT_READ_CATCH_UP_MS } from "./audit-log-after-stream.js";
export { noteDeliveryOnChallenges } from "./redis-delivery-notes.js";
/** The SMS log noteDeliveryOnChallenges takes and returns (the same type as @twostep/core's). */
export type { SmsLog } from "../../ports/sms-log.js";
export { createRedisChallengeStore } from "./redis-challenge-store.js";
export { createRedisLimiterFactory } from "./redis-limiter.js";
export { createRedisSessionStore } from "./redis-session-store.js";
export { createRedisAccountLock } from "./redis-account-lock.js";
