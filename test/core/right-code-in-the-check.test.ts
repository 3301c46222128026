// Threat: folding a right code's follow-up writes into the one-step SQL check (drizzle/0012) loses
// what they were for: a sign-in from a new browser that the owner never hears of, a notice for an
// account's very first sign-in (every first sign-in is on a new browser), or an SMS-pumping guard
// whose "verified" count no longer moves, so it pauses a country whose codes are being used.
import { afterEach, describe, expect, it } from "vitest";
import { startCore } from "../support/core-instance";
import { randomIp, randomPhone } from "../support/fixtures";
import { startLoopbackSmtp } from "../support/loopback-smtp";
import { latestOutboxCode } from "../support/outbox-codes";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("a right SMS code checked in one statement", () => {
  it("records a new browser only after the account's first sign-in, mails its owner, and counts the code for its country", { timeout: 300_000 }, async () => {
    const smtp = await startLoopbackSmtp();
    cleanups.push(smtp.close);
    const core = await startCore({ SMTP_URL: smtp.url, MAIL_FROM: "security@example.com", LOG_LEVEL: "silent" });
    cleanups.push(() => core.stop());
    const { twostep } = core;
    // The one-step check is in use (the notices' hook listens on every deployment).
    expect(twostep.twoFactor.checksReportDelivery).toBe(true);

    const withTwoFactor = async (name: string) => {
      const email = `${name}-${Date.now()}@example.com`;
      const signedUp = await twostep.accounts.signUp({ email, password: "correct horse battery staple 42", ip: randomIp() });
      if (!signedUp.ok) throw new Error("sign-up failed");
      const userId = signedUp.user.id;
      const phone = randomPhone();
      await twostep.twoFactor.beginPhoneEnrollment({ userId, phone, ip: randomIp() });
      await twostep.twoFactor.confirmPhoneEnrollment({ userId, code: await latestOutboxCode(twostep.smsLog, phone) });
      const enabled = await twostep.twoFactor.enableTwoFactor({ userId });
      if (!enabled.ok || !enabled.backupCodes) throw new Error("2FA not enabled");
      return { email, userId, phone, backupCodes: enabled.backupCodes };
    };
    const signInBySms = async (account: { userId: string; phone: string }, newDevice?: { device: string | null }) => {
      const sent = await twostep.twoFactor.sendSignInCode({ userId: account.userId, ip: randomIp() });
      expect(sent, JSON.stringify(sent)).toMatchObject({ ok: true });
      const code = await latestOutboxCode(twostep.smsLog, account.phone);
      return twostep.twoFactor.completeSignIn({ userId: account.userId, code, ip: "203.0.113.77", newDevice });
    };
    const newBrowsers = async (userId: string) => (await twostep.audit.recentForUser(userId, 50)).filter((e) => e.type === "sign_in.new_device");
    const verifiedForUs = async () => (await twostep.pumping!.report()).countries.find((c) => c.callingCode === "1")?.conversion.verified ?? 0;
    const verifiedBefore = await verifiedForUs();

    // An account's first sign-in: its browser is new by definition, and that is no news.
    const first = await withTwoFactor("first");
    expect(await signInBySms(first, { device: "Safari on iOS" })).toMatchObject({ ok: true });
    expect(await newBrowsers(first.userId)).toEqual([]);

    // An account that signed in before (here with a backup code), now from a browser the host
    // doesn't know: recorded with the browser and where from, and its owner is mailed.
    const later = await withTwoFactor("later");
    expect(await twostep.twoFactor.completeSignInWithBackupCode({ userId: later.userId, code: later.backupCodes[0], ip: randomIp() })).toEqual({ ok: true });
    expect(await signInBySms(later, { device: "Firefox on macOS" })).toMatchObject({ ok: true });
    expect(await newBrowsers(later.userId)).toMatchObject([{ ip: "203.0.113.77", detail: { device: "Firefox on macOS" } }]);
    await twostep.notices.idle();
    const newBrowserMail = (email: string) => smtp.received.filter((m) => m.to.includes(email) && /had not signed in before/i.test(m.text));
    expect(newBrowserMail(later.email)).toHaveLength(1);
    expect(newBrowserMail(later.email)[0]!.text).toMatch(/Firefox on macOS/);
    expect(newBrowserMail(first.email)).toHaveLength(0);

    // Each right sign-in code counted once for +1 (the enrollment codes count toward nothing).
    expect((await verifiedForUs()) - verifiedBefore).toBe(2);
  });
});
