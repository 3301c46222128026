import { RateLimiterDrizzle } from "rate-limiter-flexible";
import type { Database } from "./database.js";
import { tablesOf, type SqlAdapterOptions } from "./sql-options.js";
import type { LimiterFactory } from "../../ports/limiter.js";
import { wrapLimiter } from "../../limits/wrap-limiter.js";

export type SqlLimiterOptions = SqlAdapterOptions & {
  /** First part of every limiter key, so tests (or several deployments) can share the table. */
  keyPrefix?: string;
};

/**
 * Limits in the `rate_limits` table (under the tables' prefix) through rate-limiter-flexible's
 * Drizzle backend. The second argument is the options, or the key prefix alone as before.
 */
export function createSqlLimiterFactory(db: Database, options: string | SqlLimiterOptions = {}): LimiterFactory {
  const { keyPrefix = "twostep", ...rest } = typeof options === "string" ? { keyPrefix: options } : options;
  const { rateLimits } = tablesOf(rest);
  let cleanupScheduled = false;
  return (spec) => {
    // One limiter per process sweeps expired rows; more would only repeat the same DELETE.
    const clearExpiredByTimeout = !cleanupScheduled;
    cleanupScheduled = true;
    const limiter = new RateLimiterDrizzle({
      storeClient: db,
      schema: rateLimits,
      keyPrefix: `${keyPrefix}:${spec.name}`,
      points: spec.points,
      duration: spec.durationSeconds,
      clearExpiredByTimeout,
    });
    return wrapLimiter(spec, limiter, "sql");
  };
}
