import type { ChainableCommander, Cluster, Redis } from "ioredis";
import type { SessionRecord, SessionStage, SessionStore } from "../../ports/session-store.js";
import { isCluster } from "./redis-client.js";
import { END_IF_PENDING_OF, END_SESSION, INDEX_ADD, REPLACE_SESSION, TOUCH_IF_PRESENT } from "./redis-session-scripts.lua.js";

/** Redis keeps an ended-by-time record this much longer, so clocks a little apart never revive one. */
const EXPIRY_GRACE_MS = 60_000;

type RedisWithScripts = (Redis | Cluster) & {
  twostepSessionTouch(key: string, lastSeenAtMs: number): Promise<number>;
  twostepSessionEnd(key: string, id: string, prefix: string): Promise<number>;
  twostepSessionReplace(endedKey: string, newKey: string, userKey: string, ...args: (string | number)[]): Promise<number>;
  twostepSessionIndexAdd(userKey: string, createdAtMs: number, id: string, ttlMs: number): Promise<number>;
  twostepSessionEndIfPendingOf(key: string, userId: string): Promise<number>;
};

/**
 * Key layout (each command names one key, so it runs on Redis Cluster too):
 *   <prefix>:session:<id>                 hash of the record, expiring at its absolute end
 *   <prefix>:{u:<userId>}:sessions        sorted set of the user's session ids by creation, living
 *                                         as long as the user's longest session (its TTL only grows)
 * A request reads only the first: one HGETALL. On one Redis server, ending a session and the
 * pending-to-full replace are one script each; a Cluster takes them as separate commands.
 */
export function createRedisSessionStore(redis: Redis | Cluster, prefix = "twostep"): SessionStore {
  const client = redis as RedisWithScripts;
  if (typeof client.twostepSessionTouch !== "function") {
    redis.defineCommand("twostepSessionTouch", { numberOfKeys: 1, lua: TOUCH_IF_PRESENT });
    redis.defineCommand("twostepSessionEnd", { numberOfKeys: 1, lua: END_SESSION });
    redis.defineCommand("twostepSessionReplace", { numberOfKeys: 3, lua: REPLACE_SESSION });
    redis.defineCommand("twostepSessionIndexAdd", { numberOfKeys: 1, lua: INDEX_ADD });
    redis.defineCommand("twostepSessionEndIfPendingOf", { numberOfKeys: 1, lua: END_IF_PENDING_OF });
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
    // The index lives as long as the user's longest session could: a shorter one (a pending
    // record's minutes) never shortens it, or the sessions before it would fall out of reach of
    // "end all sessions" and of the list while they are still live.
    if (oneServer) {
      const multi = redis.multi() as ChainableCommander & { twostepSessionIndexAdd(...args: Parameters<RedisWithScripts["twostepSessionIndexAdd"]>): ChainableCommander };
      multi.hset(key, fieldsOf(record)).pexpire(key, ttlMs);
      const replies = await multi.twostepSessionIndexAdd(index, record.createdAtMs, record.id, ttlMs).exec();
      // A command that failed inside the transaction comes back as a reply, not a throw.
      const failed = replies?.find(([err]) => err)?.[0];
      if (failed) throw failed;
      return;
    }
    await redis.multi().hset(key, fieldsOf(record)).pexpire(key, ttlMs).exec();
    await client.twostepSessionIndexAdd(index, record.createdAtMs, record.id, ttlMs);
  };

  /**
   * The pending record ends and the full one opens only if the pending one is still there, still
   * pending and the same user's: ended meanwhile (a sign-out, "end other sessions", a password
   * reset), nothing is written and the answer is false. One server: one script, one round trip.
   * A Cluster: the check-and-end is one script on the record's key, then the index and the insert.
   */
  const replace = async (endId: string, record: SessionRecord): Promise<boolean> => {
    if (oneServer) {
      const fields = Object.entries(fieldsOf(record)).flat();
      const replaced = await client.twostepSessionReplace(sessionKey(endId), sessionKey(record.id), userKey(record.userId), endId, record.id, ttlMsOf(record), record.createdAtMs, record.userId, ...fields);
      return replaced === 1;
    }
    if ((await client.twostepSessionEndIfPendingOf(sessionKey(endId), record.userId)) !== 1) return false;
    await redis.zrem(userKey(record.userId), endId);
    await insert(record);
    return true;
  };

  return {
    insert,
    replace,
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
