import { randomUUID } from "node:crypto";
import { openDatabase } from "@twostep/core/sql";
import { createRedisStateStore, openRedis } from "@twostep/core/redis";
import { redisAvailable, TEST_REDIS_URL } from "../support/services";
import { stateStoreContract } from "./state-store.contract";

// Two Redis connections (two app instances); SMS records and audit events stay in the database.
stateStoreContract(
  "Redis",
  async () => {
    const logs = await openDatabase({ pgliteMemory: true });
    const first = await openRedis(TEST_REDIS_URL);
    const second = await openRedis(TEST_REDIS_URL);
    const run = `twostep-test-${randomUUID()}`;
    return {
      db: logs.db,
      clients: (prefix) => [
        createRedisStateStore(first, `${run}:${prefix}`),
        createRedisStateStore(second, `${run}:${prefix}`),
      ],
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
