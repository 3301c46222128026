import { RateLimiterDrizzle } from "rate-limiter-flexible";
import type { Database } from "./database.js";
import { rateLimits } from "./schema.js";
import type { LimiterFactory } from "../../ports/limiter.js";
import { wrapLimiter } from "../../limits/wrap-limiter.js";

/** Limits in the `rate_limits` table through rate-limiter-flexible's Drizzle backend. */
export function createSqlLimiterFactory(db: Database, keyPrefix = "twostep"): LimiterFactory {
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
