import type { AppConfig } from "./app-config";

/**
 * The PostgreSQL URL a bench-only route (the floor, the ladder) may load, or null when it must
 * answer 404: only a server started for `npm run bench:http` (TWOSTEP_BENCH_COUNTERS=1) on
 * PostgreSQL runs them, since they write to the database on request, which no real deployment
 * should offer, and the bench compares them on PostgreSQL only.
 */
export function benchDatabaseUrl(config: AppConfig): string | null {
  return config.benchCounters && "url" in config.database ? config.database.url : null;
}
