import type { StateStore } from "../../ports/state-store.js";
import type { Database } from "./database.js";
import { pingDatabase } from "./open-database.js";
import { createSqlAccountLock } from "./sql-account-lock.js";
import { createSqlChallengeStore } from "./sql-challenge-store.js";
import { createSqlLimiterFactory, type SqlLimiterOptions } from "./sql-limiter.js";

/**
 * Challenges and limits in the database: the default, with nothing else to run. The second
 * argument is `{ keyPrefix, tables }`, or the limiter key prefix alone as before.
 */
export function createSqlStateStore(db: Database, options: string | SqlLimiterOptions = {}): StateStore {
  const settings = typeof options === "string" ? { keyPrefix: options } : options;
  return {
    name: "sql",
    challenges: createSqlChallengeStore(db, settings),
    limiter: createSqlLimiterFactory(db, settings),
    accountLock: createSqlAccountLock(db, settings),
    ping: () => pingDatabase(db),
  };
}
