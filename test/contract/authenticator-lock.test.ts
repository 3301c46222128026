// The authenticator-lock contract (authenticator-lock.contract.ts) on every state store: PGlite,
// PostgreSQL (two pools), Redis (two connections).
import { randomUUID } from "node:crypto";
import { createRedisStateStore, openRedis } from "@twostep/core/redis";
import { createSqlStateStore, openDatabase } from "@twostep/core/sql";
import { createFreshDatabase } from "../support/fresh-database";
import { postgresAvailable, redisAvailable, TEST_REDIS_URL } from "../support/services";
import { authenticatorLockContract } from "./authenticator-lock.contract";

authenticatorLockContract(
  "PGlite",
  async () => {
    const handle = await openDatabase({ pgliteMemory: true });
    return {
      db: handle.db,
      clients: (prefix) => [createSqlStateStore(handle.db, prefix), createSqlStateStore(handle.db, prefix)],
      close: handle.close,
    };
  },
  async () => true,
);

authenticatorLockContract(
  "PostgreSQL",
  async () => {
    const fresh = await createFreshDatabase();
    const first = await openDatabase({ url: fresh.url });
    const second = await openDatabase({ url: fresh.url });
    return {
      db: first.db,
      clients: (prefix) => [createSqlStateStore(first.db, prefix), createSqlStateStore(second.db, prefix)],
      close: async () => {
        await Promise.all([first.close(), second.close()]);
        await fresh.drop();
      },
    };
  },
  postgresAvailable,
);

authenticatorLockContract(
  "Redis",
  async () => {
    const logs = await openDatabase({ pgliteMemory: true });
    const first = await openRedis(TEST_REDIS_URL);
    const second = await openRedis(TEST_REDIS_URL);
    const run = `twostep-test-${randomUUID()}`;
    return {
      db: logs.db,
      clients: (prefix) => [createRedisStateStore(first, `${run}:${prefix}`), createRedisStateStore(second, `${run}:${prefix}`)],
      close: async () => {
        const keys = await first.keys(`${run}:*`);
        if (keys.length > 0) await first.del(...keys);
        first.disconnect();
        second.disconnect();
        await logs.close();
      },
    };
  },
  redisAvailable,
);
