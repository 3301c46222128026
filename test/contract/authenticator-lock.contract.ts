// Threat: an attacker who has the password guesses the second factor by spreading guesses over
// SMS and the authenticator app (each with a counter of its own would double the guesses), or
// replays an app code seen over the owner's shoulder, or submits one code from two app instances
// at once so it passes twice. One lock, one last-used step, one atomic check on every store.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCOUNT_LOCKOUT, createAuthenticatorFactor, createLogger, createSecretBox, totpCodeAt, TOTP_PERIOD_SECONDS, type StateStore } from "@twostep/core";
import { createSqlAuditLog, createSqlAuthenticatorStore, type Database } from "@twostep/core/sql";
import { latestOutboxCode } from "../support/outbox-codes";
import { randomPhone, randomUserId, serviceFor, testClock } from "../support/fixtures";
import type { StoreBackend } from "./state-store.contract";

const STEP_MS = TOTP_PERIOD_SECONDS * 1000;
const TOTP_KEY = "test-totp-encryption-key-0123456789ABCDEFGHIJ";

export function authenticatorLockContract(name: string, open: () => Promise<StoreBackend>, enabled: () => Promise<boolean>) {
  describe(`authenticator codes and the shared account lock: ${name}`, async () => {
    const run = await enabled();
    let backend: StoreBackend;
    beforeAll(async () => {
      if (run) backend = await open();
    });
    afterAll(async () => {
      if (run) await backend.close();
    });

    const appOn = (store: StateStore, db: Database, clock: { now: () => number }) =>
      createAuthenticatorFactor({
        authenticators: createSqlAuthenticatorStore(db, { tables: backend.tables }),
        lock: store.accountLock,
        box: createBoxForTests(),
        audit: createSqlAuditLog(db, { tables: backend.tables }),
        logger: createLogger({ level: "silent" }),
        issuer: "twostep",
        now: clock.now,
      });

    /** A user with one confirmed authenticator; returns the secret the app would hold. */
    async function enrolled() {
      const [a, b] = backend.clients(`t${randomUUID().slice(0, 8)}`);
      const clock = testClock();
      const one = appOn(a, backend.db, clock);
      const two = appOn(b, backend.db, clock);
      const userId = randomUserId();
      const begun = await one.beginEnrollment({ userId, accountName: "a@example.com" });
      if (!begun.ok) throw new Error("enrollment did not start");
      const confirmed = await one.confirmEnrollment({ userId, factorId: begun.factorId, code: totpCodeAt(begun.secret, clock.now()) });
      expect(confirmed).toMatchObject({ ok: true });
      // The enrollment used this step: move two on, so the step before now is still unused too.
      clock.advance(2 * STEP_MS);
      return { a, b, one, two, clock, userId, secret: begun.secret };
    }

    it.runIf(run)("a code passes once; the same code again is refused, and counts as a wrong guess", async () => {
      const { one, clock, userId, secret, a } = await enrolled();
      const code = totpCodeAt(secret, clock.now());
      expect(await one.verify({ userId, code })).toMatchObject({ ok: true });
      expect(await one.verify({ userId, code })).toEqual({ ok: false, code: "INVALID_CODE" });
      expect(await a.accountLock.read(userId, clock.now())).toMatchObject({ failures: 1 });
    });

    it.runIf(run)("after a step was used, a code of an earlier step is refused: steps only move forward", async () => {
      const { one, clock, userId, secret } = await enrolled();
      const previous = totpCodeAt(secret, clock.now() - STEP_MS);
      expect(await one.verify({ userId, code: totpCodeAt(secret, clock.now()) })).toMatchObject({ ok: true });
      expect(await one.verify({ userId, code: previous })).toEqual({ ok: false, code: "INVALID_CODE" });
    });

    it.runIf(run)("one step either side is accepted, two steps off is refused", async () => {
      const { one, clock, userId, secret } = await enrolled();
      expect(await one.verify({ userId, code: totpCodeAt(secret, clock.now() - 2 * STEP_MS) })).toEqual({ ok: false, code: "INVALID_CODE" });
      expect(await one.verify({ userId, code: totpCodeAt(secret, clock.now() + 2 * STEP_MS) })).toEqual({ ok: false, code: "INVALID_CODE" });
      expect(await one.verify({ userId, code: totpCodeAt(secret, clock.now() - STEP_MS) })).toMatchObject({ ok: true });
      expect(await one.verify({ userId, code: totpCodeAt(secret, clock.now() + STEP_MS) })).toMatchObject({ ok: true });
    });

    // The step used is kept per app: another app's codes are not replays of this one's. Each case
    // starts mid-step, so "this step" stays one step while it runs.
    const midStep = (clock: { now: () => number; advance: (ms: number) => void }) => clock.advance(STEP_MS + STEP_MS / 2 - (clock.now() % STEP_MS));

    it.runIf(run)("a new app's first code passes in the step another app of the user just used, and counts no failure", async () => {
      const { a, one, clock, userId, secret } = await enrolled();
      midStep(clock);
      expect(await one.verify({ userId, code: totpCodeAt(secret, clock.now()) })).toMatchObject({ ok: true });
      const begun = await one.beginEnrollment({ userId, accountName: "a@example.com", name: "second" });
      if (!begun.ok) throw new Error("enrollment did not start");
      expect(await one.confirmEnrollment({ userId, factorId: begun.factorId, code: totpCodeAt(begun.secret, clock.now()) })).toEqual({ ok: true, factorId: begun.factorId });
      expect(await a.accountLock.read(userId, clock.now())).toEqual({ failures: 0, lockedUntilMs: null });
      // Each app still takes a step once: the first app's code again, and the second's, are refused.
      expect(await one.verify({ userId, code: totpCodeAt(secret, clock.now()) })).toEqual({ ok: false, code: "INVALID_CODE" });
      expect(await one.verify({ userId, code: totpCodeAt(begun.secret, clock.now()) })).toEqual({ ok: false, code: "INVALID_CODE" });
    });

    it.runIf(run)("a second app's code of the step before passes after the first app used this step", async () => {
      const { one, clock, userId, secret } = await enrolled();
      midStep(clock);
      const begun = await one.beginEnrollment({ userId, accountName: "a@example.com", name: "second" });
      if (!begun.ok) throw new Error("enrollment did not start");
      expect(await one.confirmEnrollment({ userId, factorId: begun.factorId, code: totpCodeAt(begun.secret, clock.now() - STEP_MS) })).toMatchObject({ ok: true });
      clock.advance(STEP_MS);
      expect(await one.verify({ userId, code: totpCodeAt(secret, clock.now()) })).toMatchObject({ ok: true });
      expect(await one.verify({ userId, code: totpCodeAt(begun.secret, clock.now() - STEP_MS) })).toMatchObject({ ok: true });
    });

    // A check naming no app is what code from before per-app steps sends (the old SQL signature
    // runs it too), during a rolling deploy: it and the per-app checks must see each other's steps.
    it.runIf(run)("a check naming no app refuses a step any app used, and its step is a replay for every app", async () => {
      const [a] = backend.clients(`t${randomUUID().slice(0, 8)}`);
      const clock = testClock();
      const userId = randomUserId();
      const check = (step: number, factorId?: string) => a.accountLock.checkTotpStep({ userId, factorId, step, nowMs: clock.now(), lockout: ACCOUNT_LOCKOUT });
      expect(await check(100, "app-a")).toEqual({ outcome: "ok" });
      expect(await check(100)).toEqual({ outcome: "replayed" });
      expect(await check(101)).toEqual({ outcome: "ok" });
      expect(await check(101, "app-b")).toEqual({ outcome: "replayed" });
      expect(await check(102, "app-b")).toEqual({ outcome: "ok" });
      expect(await check(102, "app-a")).toEqual({ outcome: "ok" });
    });

    it.runIf(run)("one code sent from two app instances at once passes exactly once", async () => {
      const { one, two, clock, userId, secret } = await enrolled();
      const code = totpCodeAt(secret, clock.now());
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? one : two).verify({ userId, code })));
      expect(results.filter((r) => r.ok)).toHaveLength(1);
    });

    it.runIf(run)("wrong guesses spread over SMS and the app share one lock, which then refuses the right code of either", async () => {
      const { a, one, clock, userId, secret } = await enrolled();
      const sms = serviceFor(a, backend.db, { now: clock.now, tables: backend.tables });
      const phone = randomPhone();
      const who = { userId, purpose: "sign_in" as const };
      // 10 failures lock (ACCOUNT_LOCK_THRESHOLD_FAILURES): 4 on SMS codes, 6 on the app.
      await sms.service.start({ ...who, phone });
      const smsCode = await latestOutboxCode(sms.smsLog, phone);
      const wrongSms = smsCode === "000000" ? "111111" : "000000";
      for (let i = 0; i < 4; i++) expect(await sms.service.verify({ ...who, code: wrongSms })).toMatchObject({ ok: false, code: "INVALID_CODE" });
      const rightApp = totpCodeAt(secret, clock.now());
      const wrongApp = rightApp === "000000" ? "111111" : "000000";
      for (let i = 0; i < 5; i++) expect(await one.verify({ userId, code: wrongApp })).toEqual({ ok: false, code: "INVALID_CODE" });
      expect(await one.verify({ userId, code: wrongApp })).toMatchObject({ ok: false, code: "LOCKED" });
      expect(await one.verify({ userId, code: rightApp })).toMatchObject({ ok: false, code: "LOCKED" });
      expect(await sms.service.verify({ ...who, code: smsCode })).toMatchObject({ ok: false, code: "LOCKED" });
      // The lock ends; the app's right code then passes and clears the counter for both.
      clock.advance(61_000);
      expect(await one.verify({ userId, code: totpCodeAt(secret, clock.now()) })).toMatchObject({ ok: true });
      expect(await a.accountLock.read(userId, clock.now())).toEqual({ failures: 0, lockedUntilMs: null });
    });

    it.runIf(run)("a lock set by SMS guesses refuses the app's right code; clear() lifts it", async () => {
      const { a, one, clock, userId, secret } = await enrolled();
      // Two SMS codes, five wrong guesses each, straight through the store's own check.
      for (let round = 0; round < 2; round++) {
        await a.challenges.save({
          id: randomUUID(), userId, purpose: "sign_in", phoneE164: randomPhone(), codeHash: "aa".repeat(32),
          maxAttempts: 5, expiresAtMs: clock.now() + 300_000, sentAtMs: clock.now(), messageId: null,
        });
        for (let i = 0; i < 5; i++) {
          await a.challenges.verify({ userId, purpose: "sign_in", codeHash: "bb".repeat(32), nowMs: clock.now(), lockout: ACCOUNT_LOCKOUT });
        }
      }
      const code = totpCodeAt(secret, clock.now());
      expect(await one.verify({ userId, code })).toMatchObject({ ok: false, code: "LOCKED" });
      expect((await a.accountLock.read(userId, clock.now())).lockedUntilMs).not.toBeNull();
      await a.accountLock.clear(userId);
      expect(await one.verify({ userId, code })).toMatchObject({ ok: true });
    });

    // The app's check counts failures through the same rule as SMS codes (the state-store contract's
    // "the account lock's memory"): remembered for the memory counted from the end of their lock.
    it.runIf(run)("app guesses lock again on the first failure after the longest lock ends", async () => {
      const [a] = backend.clients(`t${randomUUID().slice(0, 8)}`);
      const clock = testClock();
      const userId = randomUserId();
      // The defaults' shape (memory = longest lock = 24 h), in minutes.
      const lockout = { thresholdFailures: 2, baseLockMs: 60_000, maxLockMs: 240_000, failureMemoryMs: 240_000 };
      const fail = () => a.accountLock.checkTotpStep({ userId, step: null, nowMs: clock.now(), lockout });
      expect(await fail()).toEqual({ outcome: "invalid" });
      for (const lockMs of [60_000, 120_000, 240_000, 240_000, 240_000]) {
        expect(await fail()).toEqual({ outcome: "locked", retryAfterMs: lockMs });
        clock.advance(lockMs + 1);
        // The lock is over, its failures are not.
        const state = await a.accountLock.read(userId, clock.now());
        expect(state.lockedUntilMs).toBeNull();
        expect(state.failures).toBeGreaterThan(1);
      }
    });
  });
}

const createBoxForTests = () => createSecretBox(TOTP_KEY);
