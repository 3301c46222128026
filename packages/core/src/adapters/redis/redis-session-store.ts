import type { Cluster, Redis } from "ioredis";
import type { SessionRecord, SessionStage, SessionStore } from "../../ports/session-store.js";
import { isCluster } from "./redis-client.js";
import { END_SESSION, REPLACE_SESSION, TOUCH_IF_PRESENT } from "./redis-session-scripts.lua.js";

/** Redis keeps an ended-by-time record this much longer, so clocks a little apart never revive one. */
const EXPIRY_GRACE_MS = 60_000;

type RedisWithScripts = (Redis | Cluster) & {
  twostepSessionTouch(key: string, lastSeenAtMs: number): Promise<number>;
  twostepSessionEnd(key: string, id: string, prefix: string): Promise<number>;
  twostepSessionReplace(endedKey: string, newKey: string, userKey: string, ...args: (string | number)[]): Promise<number>;
};

/**
 * Key layout (each command names one key, so it runs on Redis Cluster too):
 *   <prefix>:session:<id>                 hash of the record, expiring at its absolute end
 *   <prefix>:{u:<userId>}:sessions        sorted set of the user's session ids by creation
 * A request reads only the first: one HGETALL. On one Redis server, ending a session and the
 * pending-to-full replace are one script each; a Cluster takes them as separate commands.
 */
export function createRedisSessionStore(redis: Redis | Cluster, prefix = "twostep"): SessionStore {
  const client = redis as RedisWithScripts;
  if (typeof client.twostepSessionTouch !== "function") {
    redis.defineCommand("twostepSessionTouch", { numberOfKeys: 1, lua: TOUCH_IF_PRESENT });
    redis.defineCommand("twostepSessionEnd", { numberOfKeys: 1, lua: END_SESSION });
    redis.defineCommand("twostepSessionReplace", { numberOfKeys: 3, lua: REPLACE_SESSION });
  }
  const oneServer = !isCluster(redis);
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

  const insert = async (record: SessionRecord) => {
    const key = sessionKey(record.id);
    const index = userKey(record.userId);
    const ttlMs = ttlMsOf(record);
    // The index lives as long as the user's newest session could.
    if (oneServer) {
      await redis.multi().hset(key, fieldsOf(record)).pexpire(key, ttlMs).zadd(index, record.createdAtMs, record.id).pexpire(index, ttlMs).exec();
      return;
    }
    await redis.multi().hset(key, fieldsOf(record)).pexpire(key, ttlMs).exec();
    await redis.multi().zadd(index, record.createdAtMs, record.id).pexpire(index, ttlMs).exec();
  };

  /** One server: the pending record ended and the full one opened in one script (one round trip). */
  const replace = async (endId: string, record: SessionRecord) => {
    const fields = Object.entries(fieldsOf(record)).flat();
    await client.twostepSessionReplace(sessionKey(endId), sessionKey(record.id), userKey(record.userId), endId, record.id, ttlMsOf(record), record.createdAtMs, prefix, ...fields);
  };

  return {
    insert,
    ...(oneServer ? { replace } : {}),
    get: read,
    async touch(id, lastSeenAtMs) {
      await client.twostepSessionTouch(sessionKey(id), lastSeenAtMs);
    },
    async delete(id) {
      if (oneServer) {
        await client.twostepSessionEnd(sessionKey(id), id, prefix);
        return;
      }
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

function fieldsOf(record: SessionRecord): Record<string, string | number> {
  return {
    user_id: record.userId,
    stage: record.stage,
    factor: record.factor ?? "",
    created_at_ms: record.createdAtMs,
    expires_at_ms: record.expiresAtMs,
    last_seen_at_ms: record.lastSeenAtMs,
    ip: record.ip ?? "",
    device: record.device ?? "",
  };
}

/** Relative to the record's own clock, so a test clock and Redis's clock never disagree. */
const ttlMsOf = (record: SessionRecord) => Math.max(1, record.expiresAtMs - record.createdAtMs) + EXPIRY_GRACE_MS;
