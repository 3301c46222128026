// The contract every state store (PGlite, PostgreSQL, Redis) must keep: codes are single-use,
// expire, are capped per code and per account, sending is limited, concurrent requests from two
// app instances can't break any of it, and no store is ever less safe than another.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database, SqlTables } from "@twostep/core/sql";
import { RESEND_COOLDOWN_SECONDS, type StateStore } from "@twostep/core";
import { latestOutboxCode } from "../support/outbox-codes";
import { randomIp, randomPhone, randomUserId, serviceFor, testClock } from "../support/fixtures";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const LOCKOUT = { thresholdFailures: 10, baseLockMs: 60_000, maxLockMs: 86_400_000, failureMemoryMs: 86_400_000 };

const challengeRow = (userId: string, codeHash: string, nowMs: number) => ({
  id: randomUUID(), userId, purpose: "sign_in", phoneE164: "+12015550123", codeHash,
  maxAttempts: 5, expiresAtMs: nowMs + 300_000, sentAtMs: nowMs, messageId: null,
});

export type StoreBackend = {
  /** Where SMS records and audit events go. */
  db: Database;
  /** The tables `db` was opened with, when not twostep's own names (a table prefix). */
  tables?: SqlTables;
  /** Two independent clients of the same store (as two app instances would hold), under `prefix`. */
  clients(prefix: string): [StateStore, StateStore];
  close(): Promise<void>;
};

export function stateStoreContract(name: string, open: () => Promise<StoreBackend>, enabled: () => Promise<boolean>) {
  describe(`state store contract: ${name}`, async () => {
    const run = await enabled();
    let backend: StoreBackend;
    beforeAll(async () => {
      if (run) backend = await open();
    });
    afterAll(async () => {
      if (run) await backend.close();
    });

    const setup = (options: { globalSendsPerHour?: number } = {}) => {
      const [a, b] = backend.clients(`t${randomUUID().slice(0, 8)}`);
      const clock = testClock();
      const one = serviceFor(a, backend.db, { now: clock.now, tables: backend.tables, ...options });
      const two = serviceFor(b, backend.db, { now: clock.now, tables: backend.tables, ...options });
      return { a, b, clock, one: one.service, two: two.service, smsLog: one.smsLog };
    };
    const actor = () => ({ userId: randomUserId(), purpose: "sign_in" as const, ip: randomIp() });

    it.runIf(run)("accepts the right code once, and never again", async () => {
      const { one, smsLog } = setup();
      const who = actor();
      const phone = randomPhone();
      const sent = await one.start({ ...who, phone });
      expect(sent).toMatchObject({ ok: true, status: { phoneLastDigits: phone.slice(-4), attemptsLeft: 5 } });
      const code = await latestOutboxCode(smsLog, phone);
      expect(await one.verify({ ...who, code })).toMatchObject({ ok: true, phoneE164: phone });
      expect(await one.verify({ ...who, code })).toEqual({ ok: false, code: "NOT_FOUND" });
    });

    it.runIf(run)("counts wrong guesses down, then kills the code even for the right answer", async () => {
      const { one, smsLog } = setup();
      const who = actor();
      const phone = randomPhone();
      await one.start({ ...who, phone });
      const code = await latestOutboxCode(smsLog, phone);
      const wrong = code === "000000" ? "111111" : "000000";
      for (const attemptsLeft of [4, 3, 2, 1]) {
        expect(await one.verify({ ...who, code: wrong })).toEqual({ ok: false, code: "INVALID_CODE", attemptsLeft });
      }
      expect(await one.verify({ ...who, code: wrong })).toEqual({ ok: false, code: "TOO_MANY_ATTEMPTS" });
      expect(await one.verify({ ...who, code })).toEqual({ ok: false, code: "TOO_MANY_ATTEMPTS" });
    });

    it.runIf(run)("refuses malformed input without spending a guess", async () => {
      const { one, smsLog } = setup();
      const who = actor();
      const phone = randomPhone();
      await one.start({ ...who, phone });
      for (const bad of ["12345", "1234567", "12a456", "", "١٢٣٤٥٦", null, 123456, { code: "1" }]) {
        expect(await one.verify({ ...who, code: bad })).toEqual({ ok: false, code: "MALFORMED_CODE" });
      }
      const code = await latestOutboxCode(smsLog, phone);
      expect(await one.verify({ ...who, code: ` ${code.slice(0, 3)} ${code.slice(3)}\n` })).toMatchObject({ ok: true });
    });

    it.runIf(run)("expires a code after its lifetime", async () => {
      const { one, clock, smsLog } = setup();
      const who = actor();
      const phone = randomPhone();
      await one.start({ ...who, phone });
      const code = await latestOutboxCode(smsLog, phone);
      clock.advance(5 * 60_000 + 1);
      expect(await one.verify({ ...who, code })).toEqual({ ok: false, code: "CODE_EXPIRED" });
    });

    it.runIf(run)("replaces the previous code with a new one", async () => {
      const { a, clock } = setup();
      const userId = randomUserId();
      const save = (codeHash: string) => a.challenges.save(challengeRow(userId, codeHash, clock.now()));
      await save("11".repeat(32));
      await save("22".repeat(32));
      expect(await a.challenges.verify({ userId, purpose: "sign_in", codeHash: "11".repeat(32), nowMs: clock.now(), lockout: LOCKOUT }))
        .toEqual({ outcome: "invalid", attemptsLeft: 4 });
      expect(await a.challenges.verify({ userId, purpose: "sign_in", codeHash: "22".repeat(32), nowMs: clock.now(), lockout: LOCKOUT }))
        .toMatchObject({ outcome: "ok" });
    });

    it.runIf(run)("binds a code to its purpose", async () => {
      const { one, smsLog } = setup();
      const who = actor();
      const phone = randomPhone();
      await one.start({ ...who, phone });
      const signInCode = await latestOutboxCode(smsLog, phone);
      await one.start({ ...who, purpose: "enroll_phone", phone });
      const enrollCode = await latestOutboxCode(smsLog, phone);
      expect(await one.verify({ ...who, code: enrollCode === signInCode ? "not-it" : enrollCode }))
        .toMatchObject({ ok: false });
      expect(await one.verify({ ...who, purpose: "enroll_phone", code: enrollCode })).toMatchObject({ ok: true });
      expect(await one.verify({ ...who, code: signInCode })).toMatchObject({ ok: true });
    });

    it.runIf(run)("locks the account after 10 failures across codes, refuses even the right code, then recovers", async () => {
      const { a, clock } = setup();
      const userId = randomUserId();
      const save = (hash: string) => a.challenges.save(challengeRow(userId, hash, clock.now()));
      const verify = (hash: string) =>
        a.challenges.verify({ userId, purpose: "sign_in", codeHash: hash, nowMs: clock.now(), lockout: LOCKOUT });
      const right = "aa".repeat(32);
      const wrong = "bb".repeat(32);
      await save(right);
      for (let i = 0; i < 5; i++) await verify(wrong);
      await save(right);
      for (let i = 0; i < 4; i++) expect((await verify(wrong)).outcome).toBe("invalid");
      expect(await verify(wrong)).toEqual({ outcome: "locked", retryAfterMs: 60_000 });
      await save(right);
      expect(await verify(right)).toMatchObject({ outcome: "locked" });
      clock.advance(60_001);
      // The 11th failure doubles the lock.
      expect(await verify(wrong)).toEqual({ outcome: "locked", retryAfterMs: 120_000 });
      clock.advance(120_001);
      expect(await verify(right)).toMatchObject({ outcome: "ok" });
      await save(right);
      expect(await verify(wrong)).toEqual({ outcome: "invalid", attemptsLeft: 4 });
    });

    // Failures are remembered for the failure memory counted from the end of the lock they caused
    // (from the failure itself when it set none): a memory that ran out inside a lock would let a
    // guesser start over each time the longest lock ends.
    describe("the account lock's memory", () => {
      const guessAfterNewCode = (s: ReturnType<typeof setup>, userId: string, lockout: typeof LOCKOUT, nowMs: () => number) => async () => {
        await s.a.challenges.save(challengeRow(userId, "aa".repeat(32), nowMs()));
        return s.a.challenges.verify({ userId, purpose: "sign_in", codeHash: "bb".repeat(32), nowMs: nowMs(), lockout });
      };

      it.runIf(run)("locks again on the first failure after the longest lock ends, when the memory is no longer than it", async () => {
        const s = setup();
        // The defaults' shape (memory = longest lock = 24 h), in minutes.
        const lockout = { thresholdFailures: 2, baseLockMs: 60_000, maxLockMs: 240_000, failureMemoryMs: 240_000 };
        const fail = guessAfterNewCode(s, randomUserId(), lockout, s.clock.now);
        expect(await fail()).toEqual({ outcome: "invalid", attemptsLeft: 4 });
        for (const lockMs of [60_000, 120_000, 240_000, 240_000, 240_000]) {
          expect(await fail()).toEqual({ outcome: "locked", retryAfterMs: lockMs });
          s.clock.advance(lockMs + 1);
        }
      });

      // Real time: Redis forgets by the failure key's own expiry, which a test clock can't move.
      it.runIf(run)("forgets the failures the memory after the lock ends, and not before", { timeout: 20_000 }, async () => {
        const s = setup();
        const unitMs = 800;
        const lockout = { thresholdFailures: 2, baseLockMs: unitMs, maxLockMs: unitMs, failureMemoryMs: unitMs };
        const fail = guessAfterNewCode(s, randomUserId(), lockout, Date.now);
        expect(await fail()).toEqual({ outcome: "invalid", attemptsLeft: 4 });
        expect(await fail()).toMatchObject({ outcome: "locked" });
        // The lock is over and a memory has passed since the failure, not since the lock's end.
        await sleep(unitMs * 1.5);
        expect(await fail()).toMatchObject({ outcome: "locked" });
        // Now the lock and a whole memory after it are over: the next failure is the first again.
        await sleep(unitMs * 2.5);
        expect(await fail()).toEqual({ outcome: "invalid", attemptsLeft: 4 });
      });
    });

    // Redis drops a challenge an hour after it expired; every store answers as if it had, so an
    // abandoned code can't be resent (or shown) days later on one store and not on another.
    it.runIf(run)("forgets a challenge an hour after it expired: no status, nothing to resend, no code", async () => {
      const { one, two, clock, smsLog } = setup();
      const who = actor();
      const phone = randomPhone();
      expect((await one.start({ ...who, phone })).ok).toBe(true);
      const code = await latestOutboxCode(smsLog, phone);
      // The test clock runs on with real time: a margin before the hour is up.
      clock.advance(5 * 60_000 + 60 * 60_000 - 5_000);
      expect(await two.status(who)).toMatchObject({ phoneLastDigits: phone.slice(-4), attemptsLeft: 5 });
      expect(await two.verify({ ...who, code })).toEqual({ ok: false, code: "CODE_EXPIRED" });
      clock.advance(5_000);
      expect(await two.status(who)).toBeNull();
      expect(await two.verify({ ...who, code })).toEqual({ ok: false, code: "NOT_FOUND" });
      expect(await two.resend(who)).toEqual({ ok: false, code: "NOT_FOUND" });
      clock.advance(3 * 86_400_000);
      expect(await one.status(who)).toBeNull();
      expect(await one.verify({ ...who, code })).toEqual({ ok: false, code: "NOT_FOUND" });
      expect(await one.resend(who)).toEqual({ ok: false, code: "NOT_FOUND" });
    });

    it.runIf(run)("enforces the resend cooldown across two app instances, and resends only to the number on record", async () => {
      const { one, two, smsLog } = setup();
      const who = actor();
      const phone = randomPhone();
      expect((await one.start({ ...who, phone })).ok).toBe(true);
      // The cooldown is the number's (a new number is not held by it: test/core/new-number-cooldown.test.ts).
      const again = await two.start({ ...who, phone });
      expect(again).toMatchObject({ ok: false, code: "RATE_LIMITED" });
      if (!again.ok && again.code === "RATE_LIMITED") {
        expect(again.retryAfterSeconds).toBeGreaterThan(0);
        expect(again.retryAfterSeconds).toBeLessThanOrEqual(30);
      }
      expect(await two.resend(who)).toMatchObject({ ok: false, code: "RATE_LIMITED" });
      const status = await two.status(who);
      expect(status).toMatchObject({ phoneLastDigits: phone.slice(-4) });
      expect((await smsLog.outbox({ to: phone })).length).toBe(1);
    });

    it.runIf(run)("caps sends per phone number, per IP, and in a global budget", async () => {
      const { one } = setup();
      const phone = randomPhone();
      for (let i = 0; i < 10; i++) expect((await one.start({ ...actor(), phone })).ok).toBe(true);
      expect(await one.start({ ...actor(), phone })).toMatchObject({ ok: false, code: "RATE_LIMITED" });

      const ip = randomIp();
      for (let i = 0; i < 20; i++) expect((await one.start({ ...actor(), ip, phone: randomPhone() })).ok).toBe(true);
      expect(await one.start({ ...actor(), ip, phone: randomPhone() })).toMatchObject({ ok: false, code: "RATE_LIMITED" });

      const budgeted = setup({ globalSendsPerHour: 3 }).one;
      for (let i = 0; i < 3; i++) expect((await budgeted.start({ ...actor(), phone: randomPhone() })).ok).toBe(true);
      expect(await budgeted.start({ ...actor(), phone: randomPhone() })).toMatchObject({ ok: false, code: "RATE_LIMITED" });
    });

    it.runIf(run)("caps a limiter window and reports when it reopens", async () => {
      const { a } = setup();
      const limiter = a.limiter({ name: `probe-${randomUUID()}`, points: 3, durationSeconds: 60 });
      for (let i = 0; i < 3; i++) expect(await limiter.consume("k")).toEqual({ allowed: true });
      const refused = await limiter.consume("k");
      expect(refused.allowed).toBe(false);
      expect(await limiter.retryAfterSeconds("k")).toBeGreaterThan(55);
      await limiter.reset("k");
      expect(await limiter.retryAfterSeconds("k")).toBe(0);
      expect(await limiter.consume("k")).toEqual({ allowed: true });
    });

    it.runIf(run)("gives exactly one success for 20 concurrent right answers split over two instances", async () => {
      const { one, two, smsLog } = setup();
      const who = { ...actor(), ip: undefined };
      const phone = randomPhone();
      await one.start({ ...who, phone });
      const code = await latestOutboxCode(smsLog, phone);
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 ? one : two).verify({ ...who, code })),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.code === "NOT_FOUND")).toBe(true);
    });

    it.runIf(run)("never counts 50 concurrent wrong guesses past the per-code cap", async () => {
      const { a, one, two, smsLog } = setup();
      const who = { ...actor(), ip: undefined };
      const phone = randomPhone();
      await one.start({ ...who, phone });
      const code = await latestOutboxCode(smsLog, phone);
      const wrong = code === "000000" ? "111111" : "000000";
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => (i % 2 ? one : two).verify({ ...who, code: wrong })),
      );
      expect(results.filter((r) => !r.ok && r.code === "INVALID_CODE")).toHaveLength(4);
      expect(results.filter((r) => !r.ok && r.code === "TOO_MANY_ATTEMPTS")).toHaveLength(46);
      expect(await one.status(who)).toMatchObject({ attemptsLeft: 0 });
      // Exactly five failures reached the account counter: on a new code the fifth more locks it.
      await a.challenges.save(challengeRow(who.userId, "cc".repeat(32), Date.now()));
      for (let i = 0; i < 4; i++) {
        expect((await a.challenges.verify({ userId: who.userId, purpose: "sign_in", codeHash: "dd".repeat(32), nowMs: Date.now(), lockout: LOCKOUT })).outcome).toBe("invalid");
      }
      expect((await a.challenges.verify({ userId: who.userId, purpose: "sign_in", codeHash: "dd".repeat(32), nowMs: Date.now(), lockout: LOCKOUT })).outcome).toBe("locked");
    });

    // "That was an earlier code; use the latest": the code a resend replaced is recognised, spends
    // none of the new code's attempts, still counts on the account, and never passes.
    describe("the code a resend replaced", () => {
      /** A resend once the cooldown is over (its window reset, not waited out), with a code unlike the last. */
      const resendNewCode = async (s: ReturnType<typeof setup>, who: { userId: string; purpose: "sign_in"; ip?: string }, phone: string, previous: string) => {
        for (;;) {
          // The cooldown window is per account, purpose and number (challenge-service.ts).
          await s.a.limiter({ name: "send:cooldown", points: 1, durationSeconds: RESEND_COOLDOWN_SECONDS }).reset(`${who.userId}:${who.purpose}:${phone}`);
          expect(await s.one.resend(who)).toMatchObject({ ok: true });
          const code = await latestOutboxCode(s.smsLog, phone);
          if (code !== previous) return code;
        }
      };
      const storeCheck = (s: ReturnType<typeof setup>, userId: string) => (codeHash: string) =>
        s.a.challenges.verify({ userId, purpose: "sign_in", codeHash, nowMs: s.clock.now(), lockout: LOCKOUT });

      it.runIf(run)("answers EARLIER_CODE, leaves the new code's attempts as they were, and never verifies", async () => {
        const s = setup();
        const who = actor();
        const phone = randomPhone();
        await s.one.start({ ...who, phone });
        const earlier = await latestOutboxCode(s.smsLog, phone);
        const latest = await resendNewCode(s, who, phone, earlier);
        for (let i = 0; i < 3; i++) {
          expect(await s.one.verify({ ...who, code: earlier })).toEqual({ ok: false, code: "EARLIER_CODE", attemptsLeft: 5 });
        }
        expect(await s.two.status(who)).toMatchObject({ attemptsLeft: 5 });
        const wrong = ["000000", "111111", "222222"].find((c) => c !== earlier && c !== latest)!;
        expect(await s.two.verify({ ...who, code: wrong })).toEqual({ ok: false, code: "INVALID_CODE", attemptsLeft: 4 });
        expect(await s.two.verify({ ...who, code: earlier })).toEqual({ ok: false, code: "EARLIER_CODE", attemptsLeft: 4 });
        expect(await s.one.verify({ ...who, code: latest })).toMatchObject({ ok: true, phoneE164: phone });
        expect(await s.one.verify({ ...who, code: earlier })).toEqual({ ok: false, code: "NOT_FOUND" });
      });

      it.runIf(run)("counts toward the account lock: the tenth failure locks, and then even the latest code is refused", async () => {
        const s = setup();
        const userId = randomUserId();
        const check = storeCheck(s, userId);
        await s.a.challenges.save(challengeRow(userId, "11".repeat(32), s.clock.now()));
        await s.a.challenges.save(challengeRow(userId, "22".repeat(32), s.clock.now()), { keepEarlierCode: true });
        for (let i = 0; i < 9; i++) expect(await check("11".repeat(32))).toEqual({ outcome: "earlier_code", attemptsLeft: 5 });
        expect(await check("11".repeat(32))).toEqual({ outcome: "locked", retryAfterMs: 60_000 });
        expect(await check("22".repeat(32))).toMatchObject({ outcome: "locked" });
        s.clock.advance(60_001);
        expect(await check("22".repeat(32))).toMatchObject({ outcome: "ok" });
      });

      it.runIf(run)("recognises only the code just before: one two resends back is a wrong code", async () => {
        const s = setup();
        const userId = randomUserId();
        const check = storeCheck(s, userId);
        await s.a.challenges.save(challengeRow(userId, "11".repeat(32), s.clock.now()));
        await s.a.challenges.save(challengeRow(userId, "22".repeat(32), s.clock.now()), { keepEarlierCode: true });
        await s.b.challenges.save(challengeRow(userId, "33".repeat(32), s.clock.now()), { keepEarlierCode: true });
        expect(await check("11".repeat(32))).toEqual({ outcome: "invalid", attemptsLeft: 4 });
        expect(await check("22".repeat(32))).toEqual({ outcome: "earlier_code", attemptsLeft: 4 });
        expect(await check("33".repeat(32))).toMatchObject({ outcome: "ok" });
      });

      it.runIf(run)("keeps no earlier code when the replaced one was used or went to another number", async () => {
        const s = setup();
        const used = randomUserId();
        await s.a.challenges.save(challengeRow(used, "11".repeat(32), s.clock.now()));
        expect(await storeCheck(s, used)("11".repeat(32))).toMatchObject({ outcome: "ok" });
        await s.a.challenges.save(challengeRow(used, "22".repeat(32), s.clock.now()), { keepEarlierCode: true });
        expect(await storeCheck(s, used)("11".repeat(32))).toEqual({ outcome: "invalid", attemptsLeft: 4 });

        const moved = randomUserId();
        await s.a.challenges.save(challengeRow(moved, "11".repeat(32), s.clock.now()));
        await s.a.challenges.save({ ...challengeRow(moved, "22".repeat(32), s.clock.now()), phoneE164: "+12015550124" }, { keepEarlierCode: true });
        expect(await storeCheck(s, moved)("11".repeat(32))).toEqual({ outcome: "invalid", attemptsLeft: 4 });
      });

      // An expired code is no code: "earlier code" is for one that crossed a resend, not one that
      // died first. The new challenge's send time is the clock both stores judge by.
      it.runIf(run)("keeps no earlier code when the replaced one had expired: typed in, it is a wrong guess", async () => {
        const s = setup();
        const replaceAfter = async (ms: number) => {
          const userId = randomUserId();
          await s.a.challenges.save(challengeRow(userId, "11".repeat(32), s.clock.now()));
          s.clock.advance(ms);
          await s.b.challenges.save(challengeRow(userId, "22".repeat(32), s.clock.now()), { keepEarlierCode: true });
          return storeCheck(s, userId)("11".repeat(32));
        };
        // The test clock runs on with real time, so a margin either side of the five minutes.
        expect(await replaceAfter(295_000)).toEqual({ outcome: "earlier_code", attemptsLeft: 5 });
        expect(await replaceAfter(300_000)).toEqual({ outcome: "invalid", attemptsLeft: 4 });
        expect(await replaceAfter(3 * 86_400_000)).toEqual({ outcome: "invalid", attemptsLeft: 4 });
      });

      it.runIf(run)("stays single-use under concurrent tries of both codes over two instances", async () => {
        const s = setup();
        const who = { ...actor(), ip: undefined };
        const phone = randomPhone();
        await s.one.start({ ...who, phone });
        const earlier = await latestOutboxCode(s.smsLog, phone);
        const latest = await resendNewCode(s, who, phone, earlier);
        // Eight tries of the earlier code stay under the account's lock threshold (ten).
        const tries = Array.from({ length: 20 }, (_, i) => ({ code: i % 5 < 2 ? earlier : latest, via: i % 2 ? s.one : s.two }));
        const results = await Promise.all(tries.map(({ code, via }) => via.verify({ ...who, code })));
        const byCode = (code: string) => results.filter((_, i) => tries[i]!.code === code);
        expect(results.filter((r) => r.ok)).toHaveLength(1);
        expect(byCode(latest).filter((r) => r.ok)).toHaveLength(1);
        expect(byCode(latest).filter((r) => !r.ok).every((r) => !r.ok && r.code === "NOT_FOUND")).toBe(true);
        expect(byCode(earlier).every((r) => !r.ok && (r.code === "EARLIER_CODE" || r.code === "NOT_FOUND"))).toBe(true);
      });

      it.runIf(run)("a check racing the resend sees the old code either live or as the earlier one, never both", async () => {
        const s = setup();
        const userId = randomUserId();
        const check = storeCheck(s, userId);
        await s.a.challenges.save(challengeRow(userId, "11".repeat(32), s.clock.now()));
        const [, ...checks] = await Promise.all([
          s.b.challenges.save(challengeRow(userId, "22".repeat(32), s.clock.now()), { keepEarlierCode: true }),
          ...Array.from({ length: 6 }, () => check("11".repeat(32))),
        ]);
        const passed = checks.filter((c) => c.outcome === "ok").length;
        const earlier = checks.filter((c) => c.outcome === "earlier_code").length;
        expect(passed <= 1).toBe(true);
        expect(passed === 1 ? earlier === 0 : earlier === 6).toBe(true);
        // Once the old code was used, a resend keeps no earlier code: tries of it that land after
        // the resend are plain wrong guesses at the new code, and five of them end it.
        const wrongAtNewCode = checks.filter((c) => c.outcome === "invalid" || c.outcome === "too_many_attempts").length;
        expect(await check("22".repeat(32))).toMatchObject({ outcome: wrongAtNewCode >= 5 ? "too_many_attempts" : "ok" });
      });
    });
  });
}
