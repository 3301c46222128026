import { randomUUID } from "node:crypto";
import { createRedisSessionStore, openRedis, openRedisCluster } from "@twostep/core/redis";
import { createSchema, createSqlSessionStore, openDatabase } from "@twostep/core/sql";
import { createFreshDatabase } from "../support/fresh-database";
import { redisClusterAvailable, startRedisCluster } from "../support/redis-cluster";
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

// A record and its user's index sit in different slots there, so the store ends and replaces
// sessions in steps instead of the one-server scripts.
sessionStoreContract(
  "Redis Cluster (3 primaries)",
  async () => {
    const cluster = await startRedisCluster({ primaries: 3, replicasPerPrimary: 0 });
    try {
      const client = await openRedisCluster(cluster.nodes.slice(0, 1));
      const run = `twostep-test-${randomUUID()}`;
      return {
        store: () => createRedisSessionStore(client, run),
        close: async () => {
          client.disconnect();
          await cluster.stop();
        },
      };
    } catch (error) {
      await cluster.stop();
      throw error;
    }
  },
  redisClusterAvailable,
);
