// Threat: an event the owner must hear about never reaches them because it was written past the
// audit log: on SQL the one-step code check records a lock inside its own statement. With notices
// listening, the check still runs in one step and its events still reach the hook; and a lock that
// is hit again and again (each refused try records one) mails the owner once, not a flood.
import { describe, expect, it } from "vitest";
import { ACCOUNT_LOCKOUT } from "@twostep/core";
import { coreOverSmtp } from "../support/core-over-smtp";

describe("a lock recorded by the one-step SQL check", () => {
  it("mails the owner once, and the check stays one step", { timeout: 300_000 }, async () => {
    const { twostep, smtp, signUp } = await coreOverSmtp();
    // The hook listens (notices are always on) and the SQL store's one-step check is still used.
    expect(twostep.twoFactor.checksReportDelivery).toBe(true);

    const userId = await signUp("locked@example.com", "correct horse battery staple 42");
    // Failures counted on the shared account lock (as wrong app codes would) until it locks.
    for (let i = 0; i <= ACCOUNT_LOCKOUT.thresholdFailures; i++) {
      await twostep.store.accountLock.checkTotpStep({ userId, step: null, nowMs: Date.now(), lockout: ACCOUNT_LOCKOUT });
    }
    const actor = { userId, purpose: "sign_in" as const, ip: "203.0.113.50" };
    expect(await twostep.challenges.start({ ...actor, phone: "+12015550142" })).toMatchObject({ ok: true });
    // Each SMS code tried while locked is refused in the one statement that records account.locked.
    for (let i = 0; i < 3; i++) expect(await twostep.challenges.verify({ ...actor, code: "000000" })).toMatchObject({ ok: false, code: "LOCKED" });
    expect((await twostep.audit.recentForUser(userId, 20)).filter((e) => e.type === "account.locked").length).toBeGreaterThanOrEqual(3);

    await twostep.notices.idle();
    const locks = smtp.received.filter((m) => /locked/i.test(m.subject));
    expect(locks).toHaveLength(1);
    expect(locks[0]!.to).toEqual(["locked@example.com"]);
    expect(locks[0]!.text).toMatch(/locked for \d+ minutes? after repeated wrong codes/);
    expect(locks[0]!.text).toMatch(/IP address 203\.0\.113\.50/);
  });
});
