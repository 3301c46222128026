import { and, eq, getTableName, sql } from "drizzle-orm";
import type { Database } from "./database.js";
import { auditSinkOf, tableSinkOf } from "./audit-sink.js";
import { PUMPING_STATS_BUCKET_SECONDS } from "../../policy.js";
import type { SqlLimiterOptions } from "./sql-limiter.js";
import { tablesOf } from "./sql-options.js";
import { checkCodeFunctionName, verifyFunctionName } from "./table-prefix.js";
import {
  StoreUnavailableError,
  withinStoreDeadline,
  type ChallengeStore,
  type ChallengeView,
  type CheckCodeOutcome,
  type OneStepCheck,
  type SaveOptions,
  type StoredChallenge,
  type VerifyOutcome,
  type LockoutPolicy,
} from "../../ports/challenge-store.js";

type VerifyRow = {
  r_outcome: string;
  r_attempts_left: number | null;
  r_retry_after_ms: string | number | null;
  r_challenge_id: string | null;
  r_phone_e164: string | null;
};

/**
 * Challenges in the database (PGlite or PostgreSQL); verify runs the twostep_verify() function
 * (`<prefix>twostep_verify` under a table prefix), the one-step check twostep_check_code(), which
 * takes the per-IP window in the limiter's own rows (`keyPrefix`, as createSqlLimiterFactory).
 */
export function createSqlChallengeStore(db: Database, options: SqlLimiterOptions = {}): ChallengeStore {
  const tables = tablesOf(options);
  const limiterKeyPrefix = options.keyPrefix ?? "twostep";
  const { challenges } = tables;
  const verifyFunction = verifyFunctionName(tables.tablePrefix);
  const guard = async <T>(operation: () => Promise<T>): Promise<T> => {
    try {
      return await withinStoreDeadline(operation());
    } catch (error) {
      throw new StoreUnavailableError("sql", error);
    }
  };

  // Prepared once: unprepared statements with parameters cost postgres.js a second round trip
  // (to learn the parameter types), which doubled the latency of the hottest call we have.
  const p = sql.placeholder;
  const verifyStatement = db
    .select({
      r_outcome: sql<string>`r_outcome`,
      r_attempts_left: sql<number | null>`r_attempts_left`,
      r_retry_after_ms: sql<string | number | null>`r_retry_after_ms`,
      r_challenge_id: sql<string | null>`r_challenge_id`,
      r_phone_e164: sql<string | null>`r_phone_e164`,
    })
    .from(
      sql`${sql.identifier(verifyFunction)}(${p("userId")}, ${p("purpose")}, ${p("codeHash")}, ${p("nowMs")}::bigint,
        ${p("threshold")}::integer, ${p("baseMs")}::bigint, ${p("maxMs")}::bigint, ${p("memoryMs")}::bigint)`,
    )
    .prepare(verifyFunction);

  const checkFunction = checkCodeFunctionName(tables.tablePrefix);
  const checkStatement = db
    .select({
      r_outcome: sql<string>`r_outcome`,
      r_attempts_left: sql<number | null>`r_attempts_left`,
      r_retry_after_ms: sql<string | number | null>`r_retry_after_ms`,
      r_challenge_id: sql<string | null>`r_challenge_id`,
      r_phone_e164: sql<string | null>`r_phone_e164`,
      r_delivery_status: sql<string | null>`r_delivery_status`,
      r_ok_events_skipped: sql<unknown>`r_ok_events_skipped`,
    })
    .from(
      sql`${sql.identifier(checkFunction)}(${p("userId")}, ${p("purpose")}, ${p("codeHash")}, ${p("nowMs")}::bigint,
        ${p("threshold")}::integer, ${p("baseMs")}::bigint, ${p("maxMs")}::bigint, ${p("memoryMs")}::bigint,
        ${p("ipKey")}::text, ${p("ipPoints")}::integer, ${p("ipWindowMs")}::bigint, ${p("ip")}::text, ${p("okEvents")}::jsonb, ${p("statsBucketMs")}::bigint)`,
    )
    .prepare(checkFunction);

  const oneStepCheck: OneStepCheck = {
    auditSink: auditSinkOf(db, tables.auditEvents),
    countrySink: tableSinkOf(db, tables.smsCountryStats),
    noticeSink: tableSinkOf(db, tables.securityNoticeOutbox),
    judgesOnlyAfter: true,
    check: ({ userId, purpose, codeHash, nowMs, lockout, ipWindow, ip, okEvents }) =>
      guard(async (): Promise<CheckCodeOutcome> => {
        const [row] = await checkStatement.execute({
          userId,
          purpose,
          codeHash,
          nowMs,
          ...lockoutParams(lockout),
          ipKey: ipWindow ? `${limiterKeyPrefix}:${ipWindow.spec.name}:${ipWindow.key}` : null,
          ipPoints: ipWindow?.spec.points ?? 0,
          ipWindowMs: (ipWindow?.spec.durationSeconds ?? 0) * 1000,
          ip,
          okEvents: JSON.stringify(okEvents),
          statsBucketMs: PUMPING_STATS_BUCKET_SECONDS * 1000,
        });
        if (!row) throw new Error(`${checkFunction} returned no row`);
        if (row.r_outcome === "rate_limited") return { outcome: "rate_limited", retryAfterMs: Number(row.r_retry_after_ms ?? 0) };
        const outcome = toOutcome(row);
        if (outcome.outcome === "invalid") return { ...outcome, deliveryStatus: row.r_delivery_status };
        if (outcome.outcome !== "ok") return outcome;
        const skipped = new Set(jsonArray(row.r_ok_events_skipped).map(Number));
        return { ...outcome, okEventsRecorded: okEvents.filter((_, i) => !skipped.has(i)) };
      }),
  };

  return {
    oneStepCheck,
    save: (c: StoredChallenge, options: SaveOptions = {}) =>
      guard(async () => {
        const row = {
          userId: c.userId,
          purpose: c.purpose,
          id: c.id,
          phoneE164: c.phoneE164,
          codeHash: c.codeHash,
          attempts: 0,
          maxAttempts: c.maxAttempts,
          expiresAtMs: c.expiresAtMs,
          sentAtMs: c.sentAtMs,
          consumedAtMs: null,
          messageId: c.messageId,
          conversionCallingCode: options.conversionCallingCode ?? null,
        };
        // Read from the row being replaced, in the same statement, so a check running meanwhile
        // sees either the old code live or it as the earlier one, never both or neither. A code
        // that had expired when the new one was sent is no earlier code: the row outlives it here
        // (Redis drops it an hour on), and sent_at_ms is the clock both stores judge by.
        const replaced = sql.identifier(getTableName(challenges));
        const previousCodeHash = options.keepEarlierCode
          ? sql`CASE WHEN ${replaced}.consumed_at_ms IS NULL AND ${replaced}.phone_e164 = excluded.phone_e164
              AND ${replaced}.expires_at_ms > excluded.sent_at_ms THEN ${replaced}.code_hash END`
          : null;
        await db
          .insert(challenges)
          .values(row)
          .onConflictDoUpdate({ target: [challenges.userId, challenges.purpose], set: { ...row, previousCodeHash } });
      }),

    peek: (userId, purpose) =>
      guard(async (): Promise<ChallengeView | null> => {
        const [row] = await db
          .select()
          .from(challenges)
          .where(and(eq(challenges.userId, userId), eq(challenges.purpose, purpose)))
          .limit(1);
        if (!row) return null;
        return {
          id: row.id,
          purpose: row.purpose,
          phoneE164: row.phoneE164,
          attemptsLeft: Math.max(row.maxAttempts - row.attempts, 0),
          expiresAtMs: row.expiresAtMs,
          sentAtMs: row.sentAtMs,
          messageId: row.messageId,
          consumed: row.consumedAtMs !== null,
        };
      }),

    attachMessage: (userId, purpose, challengeId, messageId) =>
      guard(async () => {
        await db
          .update(challenges)
          .set({ messageId })
          .where(
            and(
              eq(challenges.userId, userId),
              eq(challenges.purpose, purpose),
              eq(challenges.id, challengeId),
            ),
          );
      }),

    verify: ({ userId, purpose, codeHash, nowMs, lockout }) =>
      guard(async (): Promise<VerifyOutcome> => {
        const [row] = await verifyStatement.execute({
          userId,
          purpose,
          codeHash,
          nowMs,
          ...lockoutParams(lockout),
        });
        if (!row) throw new Error(`${verifyFunction} returned no row`);
        return toOutcome(row);
      }),

    remove: (userId, purpose) =>
      guard(async () => {
        await db
          .delete(challenges)
          .where(and(eq(challenges.userId, userId), eq(challenges.purpose, purpose)));
      }),
  };
}

function toOutcome(row: VerifyRow): VerifyOutcome {
  switch (row.r_outcome) {
    case "ok":
      return { outcome: "ok", challengeId: row.r_challenge_id ?? "", phoneE164: row.r_phone_e164 ?? "" };
    case "invalid":
    case "earlier_code":
      return { outcome: row.r_outcome, attemptsLeft: row.r_attempts_left ?? 0 };
    case "locked":
      return { outcome: "locked", retryAfterMs: Number(row.r_retry_after_ms ?? 0) };
    case "too_many_attempts":
    case "expired":
    case "not_found":
      return { outcome: row.r_outcome };
    default:
      throw new Error(`unknown verify outcome ${row.r_outcome}`);
  }
}

/** A jsonb column as the driver hands it: postgres.js parses it, PGlite too; a string is parsed here. */
function jsonArray(value: unknown): unknown[] {
  const parsed: unknown = typeof value === "string" ? JSON.parse(value) : value;
  return Array.isArray(parsed) ? parsed : [];
}

/** The account-lock rules as the prepared statements' parameters (both checks take the same four). */
function lockoutParams(lockout: LockoutPolicy) {
  return { threshold: lockout.thresholdFailures, baseMs: lockout.baseLockMs, maxMs: lockout.maxLockMs, memoryMs: lockout.failureMemoryMs };
}
