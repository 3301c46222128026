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
      // As the app runs on one Redis server: the check is one script whose audit entries a mover
      // lands in SQL off the check's path, during the measure too: PostgreSQL (where a deployment
      // with Redis keeps its database), else an in-memory PGlite, whose inserts then run in this
      // process beside the checks.
      const sqlLog = (await postgresAvailable()) ? await createFreshDatabase() : null;
      const auditLog = sqlLog ? await openDatabase({ url: sqlLog.url }) : await openDatabase({ pgliteMemory: true });
      const auditTrail = createAuditStreamMover({ redis, prefix, target: createSqlAuditImport(auditLog.db), logger: createLogger({ level: "silent" }) });
      return {
        name,
        store: createRedisStateStore(redis, prefix, { auditTrail }),
        roundTrip: "PING (same ioredis client)",
        write: async (userId) => {
          await (redis as Redis & { benchWriteOneKey(key: string, value: number): Promise<number> }).benchWriteOneKey(`${prefix}:{u:${userId}}:bench-write`, Date.now());
        },
        close: async () => {
          await auditTrail.close();
          await deleteKeys(redis, `${prefix}:*`);
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
