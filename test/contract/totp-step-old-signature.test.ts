// Threat: during a rolling deploy past migration 0016, an instance of the old code still calls the
// 7-argument twostep_verify_totp() (one last step per user) while new ones call the per-app form; a
// code one of them accepted then passes again on the other. On PGlite and PostgreSQL, under a prefix.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { ACCOUNT_LOCKOUT } from "@twostep/core";
import { createSqlStateStore, openDatabase, queryRows, type DatabaseHandle } from "@twostep/core/sql";
import { createFreshDatabase } from "../support/fresh-database";
import { postgresAvailable } from "../support/services";

const PREFIX = "old_sig_";

/** The call the code before 0016 made, as it made it (sql-account-lock.ts then). */
async function oldCheck(handle: DatabaseHandle, userId: string, step: number, nowMs: number): Promise<string> {
  const { thresholdFailures, baseLockMs, maxLockMs, failureMemoryMs } = ACCOUNT_LOCKOUT;
  const [row] = await queryRows<{ r_outcome: string }>(handle.db, sql`SELECT r_outcome FROM ${sql.identifier(`${PREFIX}twostep_verify_totp`)}(
    ${userId}, ${step}::bigint, ${nowMs}::bigint, ${thresholdFailures}::integer, ${baseLockMs}::bigint, ${maxLockMs}::bigint, ${failureMemoryMs}::bigint)`);
  return row!.r_outcome;
}

async function bothWays(handle: DatabaseHandle) {
  const store = createSqlStateStore(handle.db, { keyPrefix: `t${randomUUID().slice(0, 8)}`, tables: handle.tables });
  const userId = `u-${randomUUID()}`;
  const nowMs = Date.now();
  const newCheck = async (step: number, factorId: string) => (await store.accountLock.checkTotpStep({ userId, factorId, step, nowMs, lockout: ACCOUNT_LOCKOUT })).outcome;
  expect(await newCheck(100, "app-a")).toBe("ok");
  expect(await oldCheck(handle, userId, 100, nowMs)).toBe("replayed");
  expect(await oldCheck(handle, userId, 101, nowMs)).toBe("ok");
  expect(await newCheck(101, "app-b")).toBe("replayed");
  expect(await newCheck(102, "app-b")).toBe("ok");
}

describe("the old twostep_verify_totp() signature beside the per-app one", async () => {
  const postgresUp = await postgresAvailable();

  it("on PGlite", async () => {
    const handle = await openDatabase({ pgliteMemory: true, tablePrefix: PREFIX });
    try {
      await bothWays(handle);
    } finally {
      await handle.close();
    }
  });

  it.runIf(postgresUp)("on PostgreSQL", async () => {
    const fresh = await createFreshDatabase();
    const handle = await openDatabase({ url: fresh.url, tablePrefix: PREFIX });
    try {
      await bothWays(handle);
    } finally {
      await handle.close();
      await fresh.drop();
    }
  });
});
