/**
 * The stores the benchmark runs against, each opened the way the app opens it, with a cleanup
 * that leaves nothing behind: the PostgreSQL database is dropped, the Redis keys deleted.
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Redis } from "ioredis";
import type { Database } from "@twostep/core/sql";
import { createSqlAuditImport, createSqlStateStore, openDatabase, schema } from "@twostep/core/sql";
import { createAuditStreamMover, createRedisStateStore, openRedis } from "@twostep/core/redis";
import { createLogger, type StateStore } from "@twostep/core";
import { createFreshDatabase } from "../test/support/fresh-database";
import { postgresAvailable, redisAvailable, TEST_REDIS_URL } from "../test/support/services";

export type BenchStoreName = "pglite" | "postgres" | "redis";

export type BenchStore = {
  name: BenchStoreName;
  store: StateStore;
  /** What the baseline round trip is, for the printout. */
  roundTrip: string;
  /**
   * The floor of a check: the store's one-row durable write on the same client. A check must
   * write (it counts the guess), so no check can beat this; SELECT 1 or PING can't count as one.
   * An `UPDATE … RETURNING` of the user's challenge row, or one Lua script writing one key.
   */
  write(userId: string): Promise<void>;
  /**
   * What a wrong guess must write, and nothing else: the per-IP window's count, the code's attempt,
   * the account's failure count and the audit row, in one transaction (one statement on SQL, one
   * script on Redis, whose audit entry a mover lands in SQL as the check's are). No reads, no
   * rules: the least a check that keeps #14's writes can cost, beside which the check's rules
   * (the lock before the code, the outcomes, the compare) are the rest of its price.
   */
  checkWrites(userId: string, ip: string): Promise<void>;
  close(): Promise<void>;
};

/**
 * A one-row write transaction: row lock, WAL record, commit (with fsync on PostgreSQL's default
 * settings), prepared once as the check's own statement is.
 */
const sqlWrite = (db: Database) => {
  const statement = db
    .update(schema.challenges)
    .set({ sentAtMs: sql`${schema.challenges.sentAtMs}` })
    .where(sql`${schema.challenges.userId} = ${sql.placeholder("userId")} AND ${schema.challenges.purpose} = 'sign_in'`)
    .returning({ id: schema.challenges.id })
    .prepare("bench_one_row_write");
  return async (userId: string) => {
    const [row] = await statement.execute({ userId });
    if (!row) throw new Error(`no challenge row for ${userId}`);
  };
};

/**
 * The check's four writes for a wrong guess as one statement (CHECK_WRITES_FUNCTION), on the rows
 * the check writes: the window's upsert (a fresh address, so an insert, as in the check's
 * bench), the code's attempt, the account's failure count, the audit row with its detail. A
 * bench-only function, made in the bench's own database (dropped afterwards, or in memory).
 */
const CHECK_WRITES_FUNCTION = `
CREATE FUNCTION bench_check_writes(p_user_id text, p_ip_key text, p_ip text, p_now_ms bigint) RETURNS bigint
LANGUAGE sql AS $$
  WITH ip_window AS (
    INSERT INTO rate_limits AS w (key, points, expire)
      VALUES (p_ip_key, 1, to_timestamp(p_now_ms / 1000.0) + interval '15 minutes')
      ON CONFLICT (key) DO UPDATE SET points = w.points + 1
      RETURNING w.points
  ), code AS (
    UPDATE challenges SET attempts = attempts + 1 WHERE user_id = p_user_id AND purpose = 'sign_in'
      RETURNING attempts
  ), account AS (
    UPDATE verification_failures SET failures = failures + 1, forget_at_ms = p_now_ms + 86400000
      WHERE user_id = p_user_id RETURNING failures
  ), audit AS (
    INSERT INTO audit_events (id, user_id, type, ip, detail)
      VALUES (gen_random_uuid()::text, p_user_id, 'code.failed', p_ip,
        jsonb_build_object('purpose', 'sign_in', 'outcome', 'invalid'))
      RETURNING 1
  )
  SELECT (SELECT count(*) FROM ip_window) + (SELECT count(*) FROM code) + (SELECT count(*) FROM account)
    + (SELECT count(*) FROM audit)
$$`;

const sqlCheckWrites = async (db: Database) => {
  await db.execute(sql.raw(CHECK_WRITES_FUNCTION));
  const p = sql.placeholder;
  // Prepared, as the check's own statement is.
  const statement = db
    .select({ written: sql<string>`written` })
    .from(sql`bench_check_writes(${p("userId")}, ${p("ipKey")}, ${p("ip")}, ${p("nowMs")}::bigint) AS written`)
    .prepare("bench_check_writes");
  return async (userId: string, ip: string) => {
    const [row] = await statement.execute({ userId, ipKey: `twostep:verify:ip:${ip}`, ip, nowMs: Date.now() });
    // Each of the four writes found its row (the account's failure row exists after a first check).
    if (Number(row?.written) !== 4) throw new Error(`bench_check_writes wrote ${row?.written} rows for ${userId}`);
  };
};

/**
 * The same four writes on Redis, in one script, on the keys the check writes (the challenge hash,
 * the failure hash, a window of its own per address) and a stream of its own that a second mover
 * lands in the same SQL audit log: on Redis that move is how the audit row gets written.
 */
const CHECK_WRITES_SCRIPT = `
if not redis.call('SET', KEYS[3], 1, 'EX', 900, 'NX') then redis.call('INCRBY', KEYS[3], 1) end
local attempts = redis.call('HINCRBY', KEYS[1], 'attempts', 1)
local failures = redis.call('HINCRBY', KEYS[2], 'failures', 1)
redis.call('PEXPIRE', KEYS[2], 86400000)
redis.call('XADD', KEYS[4], '*', 'user_id', ARGV[1], 'purpose', 'sign_in', 'ip', ARGV[2], 'outcome', 'invalid', 'retry_after_ms', -1)
return { attempts, failures }`;

/** One script writing one key: what a Redis check can cost at the least (the check is a script too). */
const WRITE_ONE_KEY = "redis.call('SET', KEYS[1], ARGV[1]) return 1";

/** Opens `name`, or returns null (with a printed notice) when its service isn't reachable. */
export async function openBenchStore(name: BenchStoreName): Promise<BenchStore | null> {
  switch (name) {
    case "pglite": {
      const handle = await openDatabase({ pgliteMemory: true });
      return {
        name,
        store: createSqlStateStore(handle.db),
        roundTrip: "SELECT 1 (same drizzle db)",
        write: sqlWrite(handle.db),
        checkWrites: await sqlCheckWrites(handle.db),
        close: handle.close,
      };
    }
    case "postgres": {
      if (!(await postgresAvailable())) return null;
      const fresh = await createFreshDatabase();
      try {
        // The app's pool size (open-database.ts default), so the numbers are the app's.
        const handle = await openDatabase({ url: fresh.url });
        return {
          name,
          store: createSqlStateStore(handle.db),
          roundTrip: "SELECT 1 (same drizzle db, same pool)",
          write: sqlWrite(handle.db),
          checkWrites: await sqlCheckWrites(handle.db),
          close: async () => {
            await handle.close();
            await fresh.drop();
          },
        };
      } catch (error) {
        await fresh.drop();
        throw error;
      }
    }
    case "redis": {
      if (!(await redisAvailable())) return null;
      const redis = await openRedis(TEST_REDIS_URL);
      const prefix = `twostep-bench-${randomUUID()}`;
      // EVALSHA after the first call, as the check's own script runs.
      redis.defineCommand("benchWriteOneKey", { numberOfKeys: 1, lua: WRITE_ONE_KEY });
      redis.defineCommand("benchCheckWrites", { numberOfKeys: 4, lua: CHECK_WRITES_SCRIPT });
      // As the app runs on one Redis server: the check is one script whose audit entries a mover
      // lands in SQL off the check's path, during the measure too: PostgreSQL (where a deployment
      // with Redis keeps its database), else an in-memory PGlite, whose inserts then run in this
      // process beside the checks.
      const sqlLog = (await postgresAvailable()) ? await createFreshDatabase() : null;
      const auditLog = sqlLog ? await openDatabase({ url: sqlLog.url }) : await openDatabase({ pgliteMemory: true });
      const auditImport = createSqlAuditImport(auditLog.db);
      const silent = createLogger({ level: "silent" });
      const auditTrail = createAuditStreamMover({ redis, prefix, target: auditImport, logger: silent });
      const writesPrefix = `${prefix}-writes`;
      const writesTrail = createAuditStreamMover({ redis, prefix: writesPrefix, target: auditImport, logger: silent });
      const scripts = redis as Redis & {
        benchWriteOneKey(key: string, value: number): Promise<number>;
        benchCheckWrites(challenge: string, failures: string, window: string, stream: string, userId: string, ip: string): Promise<[number, number]>;
      };
      return {
        name,
        store: createRedisStateStore(redis, prefix, { auditTrail }),
        roundTrip: "PING (same ioredis client)",
        write: async (userId) => {
          await scripts.benchWriteOneKey(`${prefix}:{u:${userId}}:bench-write`, Date.now());
        },
        checkWrites: async (userId, ip) => {
          const [attempts, failures] = await scripts.benchCheckWrites(
            `${prefix}:{u:${userId}}:challenge:sign_in`, `${prefix}:{u:${userId}}:failures`,
            `${writesPrefix}:rl:verify:ip:${ip}`, writesTrail.streamKey, userId, ip,
          );
          writesTrail.kick();
          // HINCRBY makes a key it doesn't find: counts above 1 show these are the check's own
          // hashes, which the untimed first check per account (verify-bench.ts) already counted on.
          if (attempts < 2 || failures < 2) throw new Error(`bench checkWrites missed the check's keys for ${userId}`);
        },
        close: async () => {
          await auditTrail.close();
          await writesTrail.close();
          await deleteKeys(redis, `${prefix}:*`);
          await deleteKeys(redis, `${writesPrefix}:*`);
          redis.disconnect();
          await auditLog.close();
          await sqlLog?.drop();
        },
      };
    }
  }
}

async function deleteKeys(redis: Redis, pattern: string): Promise<void> {
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== "0");
}
