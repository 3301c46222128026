import { eq, sql } from "drizzle-orm";
import type { AccountLockState, AccountLockStore, TotpStepOutcome } from "../../ports/account-lock.js";
import { StoreUnavailableError, withinStoreDeadline } from "../../ports/challenge-store.js";
import type { Database } from "./database.js";
import { tablesOf, type SqlAdapterOptions } from "./sql-options.js";
import { totpVerifyFunctionName } from "./table-prefix.js";

/** The account lock in the database; TOTP checks run twostep_verify_totp() (drizzle/0005; its per-app form, 0016). */
export function createSqlAccountLock(db: Database, options: SqlAdapterOptions = {}): AccountLockStore {
  const tables = tablesOf(options);
  const { verificationFailures } = tables;
  const fn = totpVerifyFunctionName(tables.tablePrefix);
  const guard = async <T>(operation: () => Promise<T>): Promise<T> => {
    try {
      return await withinStoreDeadline(operation());
    } catch (error) {
      throw new StoreUnavailableError("sql", error);
    }
  };
  const p = sql.placeholder;
  const checkStatement = db
    .select({ r_outcome: sql<string>`r_outcome`, r_retry_after_ms: sql<string | number | null>`r_retry_after_ms` })
    .from(
      sql`${sql.identifier(fn)}(${p("userId")}, ${p("factorId")}::text, ${p("step")}::bigint, ${p("nowMs")}::bigint,
        ${p("threshold")}::integer, ${p("baseMs")}::bigint, ${p("maxMs")}::bigint, ${p("memoryMs")}::bigint)`,
    )
    // Not the name the 7-argument call was prepared under before 0016, should one linger.
    .prepare(`${fn}_per_app`);

  return {
    checkTotpStep: ({ userId, factorId, step, nowMs, lockout }) =>
      guard(async (): Promise<TotpStepOutcome> => {
        const [row] = await checkStatement.execute({
          userId,
          factorId: factorId ?? null,
          step,
          nowMs,
          threshold: lockout.thresholdFailures,
          baseMs: lockout.baseLockMs,
          maxMs: lockout.maxLockMs,
          memoryMs: lockout.failureMemoryMs,
        });
        if (!row) throw new Error(`${fn} returned no row`);
        switch (row.r_outcome) {
          case "ok":
          case "invalid":
          case "replayed":
            return { outcome: row.r_outcome };
          case "locked":
            return { outcome: "locked", retryAfterMs: Number(row.r_retry_after_ms ?? 0) };
          default:
            throw new Error(`unknown TOTP outcome ${row.r_outcome}`);
        }
      }),

    read: (userId, nowMs) =>
      guard(async (): Promise<AccountLockState> => {
        const [row] = await db.select().from(verificationFailures).where(eq(verificationFailures.userId, userId)).limit(1);
        if (!row || row.forgetAtMs <= nowMs) return { failures: 0, lockedUntilMs: null };
        return { failures: row.failures, lockedUntilMs: row.lockedUntilMs !== null && row.lockedUntilMs > nowMs ? row.lockedUntilMs : null };
      }),

    clear: (userId) =>
      guard(async () => {
        await db.delete(verificationFailures).where(eq(verificationFailures.userId, userId));
      }),
  };
}
