import type { StateStore } from "../../ports/state-store.js";
import type { Database } from "./database.js";
import { pingDatabase } from "./open-database.js";
import { createSqlChallengeStore } from "./sql-challenge-store.js";
import { createSqlLimiterFactory } from "./sql-limiter.js";

/** Challenges and limits in the database: the default, with nothing else to run. */
export function createSqlStateStore(db: Database, keyPrefix = "twostep"): StateStore {
  return {
    name: "sql",
    challenges: createSqlChallengeStore(db),
    limiter: createSqlLimiterFactory(db, keyPrefix),
    ping: () => pingDatabase(db),
  };
}
