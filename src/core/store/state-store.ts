import type { Redis } from "ioredis";
import type { Database } from "../db/database";
import { pingDatabase } from "../db/open-database";
import type { LimiterFactory } from "../limits/limiter";
import { createRedisLimiterFactory } from "../limits/redis-limiter";
import { createSqlLimiterFactory } from "../limits/sql-limiter";
import type { ChallengeStore } from "./challenge-store";
import { createRedisChallengeStore } from "./redis-challenge-store";
import { createSqlChallengeStore } from "./sql-challenge-store";

/** Where short-lived state lives: challenges and limiter windows, side by side. */
export type StateStore = {
  name: "sql" | "redis";
  challenges: ChallengeStore;
  limiter: LimiterFactory;
  /** A bare round trip, for health checks and the benchmark's baseline. */
  ping(): Promise<void>;
};

export function createSqlStateStore(db: Database, keyPrefix = "twostep"): StateStore {
  return {
    name: "sql",
    challenges: createSqlChallengeStore(db),
    limiter: createSqlLimiterFactory(db, keyPrefix),
    ping: () => pingDatabase(db),
  };
}

export function createRedisStateStore(redis: Redis, keyPrefix = "twostep"): StateStore {
  return {
    name: "redis",
    challenges: createRedisChallengeStore(redis, keyPrefix),
    limiter: createRedisLimiterFactory(redis, keyPrefix),
    ping: async () => {
      await redis.ping();
    },
  };
}
