import { randomUUID } from "node:crypto";
import { createRedisSessionStore, openRedis } from "@twostep/core/redis";
import { createSchema, createSqlSessionStore, openDatabase } from "@twostep/core/sql";
import { createFreshDatabase } from "../support/fresh-database";
import { postgresAvailable, redisAvailable, TEST_REDIS_URL } from "../support/services";
import { sessionStoreContract } from "./session-store.contract";

sessionStoreContract(
  "PGlite",
  async () => {
    const handle = await openDatabase({ pgliteMemory: true });
    return { store: () => createSqlSessionStore(handle.db), close: handle.close };
  },
  async () => true,
);

sessionStoreContract(
  "PGlite, tables under twostep_",
  async () => {
    const handle = await openDatabase({ pgliteMemory: true, tablePrefix: "twostep_" });
    return { store: () => createSqlSessionStore(handle.db, { tables: createSchema("twostep_") }), close: handle.close };
  },
  async () => true,
);

sessionStoreContract(
  "PostgreSQL",
  async () => {
    const fresh = await createFreshDatabase();
    const handle = await openDatabase({ url: fresh.url });
    return {
      store: () => createSqlSessionStore(handle.db, { tables: handle.tables }),
      close: async () => {
        await handle.close();
        await fresh.drop();
      },
    };
  },
  postgresAvailable,
);

sessionStoreContract(
  "Redis",
  async () => {
    const redis = await openRedis(TEST_REDIS_URL);
    const run = `twostep-test-${randomUUID()}`;
    return {
      store: () => createRedisSessionStore(redis, run),
      close: async () => {
        const keys = await redis.keys(`${run}:*`);
        if (keys.length > 0) await redis.del(...keys);
        redis.disconnect();
      },
    };
  },
  redisAvailable,
);
