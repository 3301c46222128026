import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Database } from "./database.js";
import { tablesOf, type SqlAdapterOptions } from "./sql-options.js";
import type { CountryStats, WindowCounts } from "../../ports/pumping-store.js";
import { PUMPING_STATS_BUCKET_SECONDS, PUMPING_STATS_RETENTION_SECONDS } from "../../policy.js";


const BUCKET_MS = PUMPING_STATS_BUCKET_SECONDS * 1000;
const bucketOf = (ms: number) => Math.floor(ms / BUCKET_MS) * BUCKET_MS;

/**
 * Per-minute counters of codes sent and verified per country calling code, in the database (so
 * every app instance adds to the same rows). Each call is one statement: an upsert on one row,
 * plus, for a send, the window's sums read in the same round trip.
 */
export function createCountryStats(
  db: Database,
  settings: { windowMinutes: number },
  options: SqlAdapterOptions = {},
): CountryStats {
  const { smsCountryStats, smsCountryPauses } = tablesOf(options);
  const windowBuckets = Math.ceil((settings.windowMinutes * 60) / PUMPING_STATS_BUCKET_SECONDS);
  const windowStart = (nowMs: number) => bucketOf(nowMs) - (windowBuckets - 1) * BUCKET_MS;

  /**
   * Where judging starts for `code`: the window's first minute, or, if a pause has ended since,
   * the first whole minute after it ended. Sends from before a pause must not trip the country
   * again the moment the pause ends or is lifted.
   */
  const countingFrom = (code: SQL, nowMs: number) => sql`GREATEST(${windowStart(nowMs)}::bigint, (
      SELECT ((floor(extract(epoch FROM p.paused_until) * 1000)::bigint + ${BUCKET_MS - 1}::bigint) / ${BUCKET_MS}::bigint) * ${BUCKET_MS}::bigint
      FROM ${smsCountryPauses} p
      WHERE p.calling_code = ${code} AND p.paused_until <= ${new Date(nowMs).toISOString()}::timestamptz))`;

  return {
    /** Counts one code SMS and returns the counts the pumping guard judges, this send included. */
    async recordSend(callingCode: string, nowMs: number): Promise<WindowCounts> {
      const bucket = bucketOf(nowMs);
      // The statement's reads don't see its own upsert (one snapshot), hence the "+ 1" below.
      const [row] = await queryRows<{ since_ms: unknown; sent: number; verified: number }>(
        db,
        sql`WITH bumped AS (
              INSERT INTO ${smsCountryStats} AS s (calling_code, bucket_start_ms, sent)
              VALUES (${callingCode}, ${bucket}::bigint, 1)
              ON CONFLICT (calling_code, bucket_start_ms) DO UPDATE SET sent = s.sent + 1
              RETURNING 1
            ), pruned AS (
              DELETE FROM ${smsCountryStats}
              WHERE bucket_start_ms < ${nowMs - PUMPING_STATS_RETENTION_SECONDS * 1000}::bigint
            ), since AS (SELECT ${countingFrom(sql`${callingCode}`, nowMs)} AS ms)
            SELECT since.ms AS since_ms,
                   COALESCE(SUM(s.sent), 0)::int AS sent,
                   COALESCE(SUM(s.verified), 0)::int AS verified
            FROM since
            LEFT JOIN ${smsCountryStats} s ON s.calling_code = ${callingCode} AND s.bucket_start_ms >= since.ms
            GROUP BY since.ms`,
      );
      const sinceMs = Number(row?.since_ms ?? windowStart(nowMs));
      return {
        callingCode,
        sent: Number(row?.sent ?? 0) + (bucket >= sinceMs ? 1 : 0),
        verified: Number(row?.verified ?? 0),
        sinceMs,
      };
    },

    /** Counts one code typed in correctly. */
    async recordVerification(callingCode: string, nowMs: number): Promise<void> {
      await db
        .insert(smsCountryStats)
        .values({ callingCode, bucketStartMs: bucketOf(nowMs), verified: 1 })
        .onConflictDoUpdate({
          target: [smsCountryStats.callingCode, smsCountryStats.bucketStartMs],
          set: { verified: sql`${smsCountryStats.verified} + 1` },
        });
    },

    /** The judged counts of every calling code with sends in the window or a pause on record. */
    async readAll(nowMs: number): Promise<WindowCounts[]> {
      const rows = await queryRows<{ calling_code: string; since_ms: unknown; sent: number; verified: number }>(
        db,
        sql`SELECT c.calling_code, f.ms AS since_ms,
                   COALESCE(SUM(s.sent), 0)::int AS sent,
                   COALESCE(SUM(s.verified), 0)::int AS verified
            FROM (SELECT calling_code FROM ${smsCountryStats} WHERE bucket_start_ms >= ${windowStart(nowMs)}::bigint
                  UNION SELECT calling_code FROM ${smsCountryPauses}) c
            CROSS JOIN LATERAL (SELECT ${countingFrom(sql`c.calling_code`, nowMs)} AS ms) f
            LEFT JOIN ${smsCountryStats} s ON s.calling_code = c.calling_code AND s.bucket_start_ms >= f.ms
            GROUP BY c.calling_code, f.ms`,
      );
      return rows.map((r) => ({
        callingCode: r.calling_code,
        sent: Number(r.sent),
        verified: Number(r.verified),
        sinceMs: Number(r.since_ms),
      }));
    },
  };
}

