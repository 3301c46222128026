import type { Cluster, Redis } from "ioredis";
import type { SessionRecord, SessionStage, SessionStore } from "../../ports/session-store.js";

/** Redis keeps an ended-by-time record this much longer, so clocks a little apart never revive one. */
const EXPIRY_GRACE_MS = 60_000;

/** Sets last seen only on a record that still exists: a touch racing a sign-out never revives it. */
const TOUCH_IF_PRESENT = `if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], 'last_seen_at_ms', ARGV[1]) end return 0`;

type RedisWithTouch = (Redis | Cluster) & { twostepSessionTouch(key: string, lastSeenAtMs: number): Promise<number> };

/**
 * Key layout (each command names one key, so it runs on Redis Cluster too):
 *   <prefix>:session:<id>                 hash of the record, expiring at its absolute end
 *   <prefix>:{u:<userId>}:sessions        sorted set of the user's session ids by creation
 * A request reads only the first: one HGETALL.
 */
export function createRedisSessionStore(redis: Redis | Cluster, prefix = "twostep"): SessionStore {
  const client = redis as RedisWithTouch;
  if (typeof client.twostepSessionTouch !== "function") {
    redis.defineCommand("twostepSessionTouch", { numberOfKeys: 1, lua: TOUCH_IF_PRESENT });
  }
  const sessionKey = (id: string) => `${prefix}:session:${id}`;
  const userKey = (userId: string) => `${prefix}:{u:${userId}}:sessions`;

  const read = async (id: string): Promise<SessionRecord | null> => {
    const h = await redis.hgetall(sessionKey(id));
    if (!h.user_id) return null;
    return {
      id,
      userId: h.user_id,
      stage: h.stage as SessionStage,
      factor: h.factor || null,
      createdAtMs: Number(h.created_at_ms),
      expiresAtMs: Number(h.expires_at_ms),
      lastSeenAtMs: Number(h.last_seen_at_ms),
      ip: h.ip || null,
      device: h.device || null,
    };
  };

  return {
    async insert(record) {
      const key = sessionKey(record.id);
      // Relative to the record's own clock, so a test clock and Redis's clock never disagree.
      const ttlMs = Math.max(1, record.expiresAtMs - record.createdAtMs) + EXPIRY_GRACE_MS;
      await redis
        .multi()
        .hset(key, {
          user_id: record.userId,
          stage: record.stage,
          factor: record.factor ?? "",
          created_at_ms: record.createdAtMs,
          expires_at_ms: record.expiresAtMs,
          last_seen_at_ms: record.lastSeenAtMs,
          ip: record.ip ?? "",
          device: record.device ?? "",
        })
        .pexpire(key, ttlMs)
        .exec();
      // The index lives as long as the user's newest session could.
      await redis.multi().zadd(userKey(record.userId), record.createdAtMs, record.id).pexpire(userKey(record.userId), ttlMs).exec();
    },
    get: read,
    async touch(id, lastSeenAtMs) {
      await client.twostepSessionTouch(sessionKey(id), lastSeenAtMs);
    },
    async delete(id) {
      const record = await read(id);
      await redis.del(sessionKey(id));
      if (record) await redis.zrem(userKey(record.userId), id);
    },
    async deleteForUser(userId, keepId = null) {
      const ids = (await redis.zrange(userKey(userId), "0", "-1")).filter((id) => id !== keepId);
      if (ids.length === 0) return 0;
      const ended = await Promise.all(ids.map((id) => redis.del(sessionKey(id))));
      await redis.zrem(userKey(userId), ...ids);
      return ended.reduce((sum, n) => sum + n, 0);
    },
    async listForUser(userId, nowMs) {
      const ids = await redis.zrevrange(userKey(userId), 0, 99);
      const records = await Promise.all(ids.map(read));
      const gone = ids.filter((id, i) => {
        const r = records[i];
        return !r || r.expiresAtMs <= nowMs;
      });
      if (gone.length > 0) await redis.zrem(userKey(userId), ...gone);
      return records.filter((r): r is SessionRecord => r !== null && r.expiresAtMs > nowMs);
    },
  };
}
