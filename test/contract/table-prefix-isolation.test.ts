// Two twostep installations under different table prefixes in one PostgreSQL database must not
// see each other: a code saved by one can't be peeked at, verified or burnt through the other, a
// limit spent in one leaves the other's untouched, and both may start at the same moment.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSqlStateStore, openDatabase, type DatabaseHandle } from "@twostep/core/sql";
import { createFreshDatabase } from "../support/fresh-database";
import { postgresAvailable } from "../support/services";

const LOCKOUT = { thresholdFailures: 10, baseLockMs: 60_000, maxLockMs: 86_400_000, failureMemoryMs: 86_400_000 };

describe("two table prefixes in one PostgreSQL database", async () => {
  const run = await postgresAvailable();
  let fresh: Awaited<ReturnType<typeof createFreshDatabase>>;
  let alpha: DatabaseHandle;
  let beta: DatabaseHandle;

  beforeAll(async () => {
    if (!run) return;
    fresh = await createFreshDatabase();
    // Started together, as two services deployed at once would be.
    [alpha, beta] = await Promise.all([
      openDatabase({ url: fresh.url, tablePrefix: "alpha_" }),
      openDatabase({ url: fresh.url, tablePrefix: "beta_" }),
    ]);
  });
  afterAll(async () => {
    if (!run) return;
    await Promise.all([alpha?.close(), beta?.close()]);
    await fresh.drop();
  });

  const storeOf = (handle: DatabaseHandle) => createSqlStateStore(handle.db, { keyPrefix: "shared", tables: handle.tables });
  const challenge = (userId: string, codeHash: string) => ({
    id: randomUUID(), userId, purpose: "sign_in", phoneE164: "+12015550123", codeHash,
    maxAttempts: 5, expiresAtMs: Date.now() + 300_000, sentAtMs: Date.now(), messageId: null,
  });

  it.runIf(run)("keeps each installation's codes to itself", async () => {
    const a = storeOf(alpha);
    const b = storeOf(beta);
    const userId = `user-${randomUUID()}`;
    const hash = "ab".repeat(32);
    await a.challenges.save(challenge(userId, hash));

    expect(await b.challenges.peek(userId, "sign_in")).toBeNull();
    const verify = (store: typeof a) =>
      store.challenges.verify({ userId, purpose: "sign_in", codeHash: hash, nowMs: Date.now(), lockout: LOCKOUT });
    expect(await verify(b)).toEqual({ outcome: "not_found" });
    expect(await verify(a)).toMatchObject({ outcome: "ok" });
  });

  it.runIf(run)("keeps each installation's failures and limits to itself", async () => {
    const a = storeOf(alpha);
    const b = storeOf(beta);
    const userId = `user-${randomUUID()}`;
    const right = "cd".repeat(32);
    await a.challenges.save(challenge(userId, right));
    await b.challenges.save(challenge(userId, right));
    // Ten failures lock the account in alpha; beta's counter for the same user id stays at zero.
    for (let i = 0; i < 2; i++) {
      await a.challenges.save(challenge(userId, right));
      for (let j = 0; j < 5; j++) {
        await a.challenges.verify({ userId, purpose: "sign_in", codeHash: "ee".repeat(32), nowMs: Date.now(), lockout: LOCKOUT });
      }
    }
    expect(await a.challenges.verify({ userId, purpose: "sign_in", codeHash: right, nowMs: Date.now(), lockout: LOCKOUT }))
      .toMatchObject({ outcome: "locked" });
    expect(await b.challenges.verify({ userId, purpose: "sign_in", codeHash: right, nowMs: Date.now(), lockout: LOCKOUT }))
      .toMatchObject({ outcome: "ok" });

    const spec = { name: `probe-${randomUUID()}`, points: 1, durationSeconds: 60 };
    expect(await a.limiter(spec).consume("k")).toEqual({ allowed: true });
    expect((await a.limiter(spec).consume("k")).allowed).toBe(false);
    expect(await b.limiter(spec).consume("k")).toEqual({ allowed: true });
  });
});
