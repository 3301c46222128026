import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { createRedisSessionStore, openRedis, openRedisCluster } from "@twostep/core/redis";
import { createSchema, createSqlSessionStore, openDatabase } from "@twostep/core/sql";
import { createFreshDatabase } from "../support/fresh-database";
import { redisClusterAvailable, startRedisCluster } from "../support/redis-cluster";
import { postgresAvailable, redisAvailable, TEST_REDIS_URL } from "../support/services";
import { sessionStoreContract } from "./session-store.contract";

/**
 * Real time passing, as Redis sees it: every key of this run loses `ms` of its TTL, and one with
 * less left expires now. Keys without a TTL keep none (as time would leave them).
 */
async function elapseRedisKeys(nodes: Redis[], pattern: string, ms: number): Promise<void> {
  for (const node of nodes) {
    for (const key of await node.keys(pattern)) {
      const left = await node.pttl(key);
      if (left < 0) continue;
      if (left <= ms) await node.del(key);
      else await node.pexpire(key, left - ms);
    }
  }
}

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
      elapse: (ms) => elapseRedisKeys([redis], `${run}:*`, ms),
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
        elapse: (ms) => elapseRedisKeys(client.nodes("master"), `${run}:*`, ms),
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
