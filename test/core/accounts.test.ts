// Behaviour: accounts and the two-factor service around the codes. Sign-in failures never tell an unknown email from a wrong
// password; 2FA turns on only with a freshly proven phone; turning it off needs both factors and
// never says which one failed; backup codes work exactly once, even when raced.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCore } from "../support/core-instance";
import { randomIp, randomPhone } from "../support/fixtures";
import { latestOutboxCode } from "../support/outbox-codes";

describe("account service", () => {
  let core: Awaited<ReturnType<typeof startCore>>;
  beforeAll(async () => {
    core = await startCore();
  });
  afterAll(async () => core.stop());

  const password = "a perfectly fine passphrase";
  let n = 0;
  const newUser = async () => {
    const email = `person${++n}-${Date.now()}@example.com`;
    const created = await core.twostep.accounts.signUp({ email: ` ${email.toUpperCase()} `, password, ip: randomIp() });
    if (!created.ok) throw new Error(`sign-up failed: ${created.code}`);
    return { email, user: created.user };
  };
  const withTwoFactor = async () => {
    const { email, user } = await newUser();
    const phone = randomPhone();
    expect((await core.twostep.twoFactor.beginPhoneEnrollment({ userId: user.id, phone, ip: randomIp() })).ok).toBe(true);
    const code = await latestOutboxCode(core.twostep.smsLog, phone);
    expect(await core.twostep.twoFactor.confirmPhoneEnrollment({ userId: user.id, code })).toEqual({ ok: true, phoneLastDigits: phone.slice(-4) });
    const enabled = await core.twostep.twoFactor.enableTwoFactor({ userId: user.id });
    if (!enabled.ok || !enabled.backupCodes) throw new Error("2FA not enabled");
    return { email, user, phone, backupCodes: enabled.backupCodes };
  };

  it("answers an unknown email and a wrong password the same way", async () => {
    const { email } = await newUser();
    expect(await core.twostep.accounts.authenticate({ email, password, ip: randomIp() })).toMatchObject({ ok: true });
    const wrong = await core.twostep.accounts.authenticate({ email, password: "not the password", ip: randomIp() });
    const unknown = await core.twostep.accounts.authenticate({ email: "nobody@example.com", password, ip: randomIp() });
    const malformed = await core.twostep.accounts.authenticate({ email: ["x"], password: 42, ip: randomIp() });
    expect(wrong).toEqual({ ok: false, code: "INVALID_CREDENTIALS" });
    expect(unknown).toEqual(wrong);
    expect(malformed).toEqual(wrong);
  });

  it("refuses a second account for the same email, and bad shapes with a clear code", async () => {
    const { email } = await newUser();
    expect(await core.twostep.accounts.signUp({ email, password, ip: randomIp() })).toEqual({ ok: false, code: "SIGN_UP_REFUSED" });
    expect(await core.twostep.accounts.signUp({ email: "not-an-email", password, ip: randomIp() })).toMatchObject({ code: "INVALID_INPUT", field: "email" });
    expect(await core.twostep.accounts.signUp({ email: "ok@example.com", password: "short", ip: randomIp() })).toMatchObject({ code: "INVALID_INPUT", field: "password" });
  });

  it("limits password guessing per email from one IP (the email-wide bounds: sign-in-lockout-by-email.test.ts)", async () => {
    const { email } = await newUser();
    const ip = randomIp();
    for (let i = 0; i < 10; i++) {
      expect((await core.twostep.accounts.authenticate({ email, password: `guess ${i} of many`, ip })).ok).toBe(false);
    }
    expect(await core.twostep.accounts.authenticate({ email, password, ip })).toMatchObject({ ok: false, code: "RATE_LIMITED" });
  });

  it("saves a phone only after its code comes back, and turns 2FA on only with a fresh proof", async () => {
    const { user } = await newUser();
    expect(await core.twostep.twoFactor.enableTwoFactor({ userId: user.id })).toEqual({ ok: false, code: "PHONE_NOT_VERIFIED" });
    const phone = randomPhone();
    await core.twostep.twoFactor.beginPhoneEnrollment({ userId: user.id, phone, ip: randomIp() });
    expect((await core.twostep.accounts.byId(user.id))?.phoneE164).toBeNull();
    await core.twostep.twoFactor.confirmPhoneEnrollment({ userId: user.id, code: await latestOutboxCode(core.twostep.smsLog, phone) });
    expect((await core.twostep.accounts.byId(user.id))?.phoneE164).toBe(phone);
    core.clock.advance(11 * 60_000);
    expect(await core.twostep.twoFactor.enableTwoFactor({ userId: user.id })).toEqual({ ok: false, code: "PHONE_NOT_VERIFIED" });
  });

  it("refuses numbers outside the allow-list and numbers that can't receive SMS", async () => {
    const { user } = await newUser();
    expect(await core.twostep.twoFactor.beginPhoneEnrollment({ userId: user.id, phone: "+4915123456789", ip: randomIp() })).toEqual({ ok: false, code: "COUNTRY_NOT_ALLOWED", allowedCountries: ["US", "GB", "FR"] });
    expect(await core.twostep.twoFactor.beginPhoneEnrollment({ userId: user.id, phone: "+19005550123", ip: randomIp() })).toEqual({ ok: false, code: "PHONE_IS_SERVICE_NUMBER" });
    expect(await core.twostep.twoFactor.beginPhoneEnrollment({ userId: user.id, phone: "call me", ip: randomIp() })).toEqual({ ok: false, code: "INVALID_PHONE" });
  });

  it("signs in with a backup code exactly once, even when the same code is raced", async () => {
    const { user, backupCodes } = await withTwoFactor();
    expect(backupCodes).toHaveLength(10);
    expect(new Set(backupCodes).size).toBe(10);
    const code = backupCodes[0]!;
    const results = await Promise.all(
      Array.from({ length: 5 }, () => core.twostep.twoFactor.completeSignInWithBackupCode({ userId: user.id, code: code.toLowerCase() })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await core.twostep.twoFactor.completeSignInWithBackupCode({ userId: user.id, code })).toMatchObject({ ok: false });
    expect(await core.twostep.twoFactor.unusedBackupCodeCount(user.id)).toBe(9);
  });

  it("turns 2FA off only with both the password and a current code, and never says which was wrong", async () => {
    const { user, phone } = await withTwoFactor();
    const ip = randomIp();
    expect((await core.twostep.twoFactor.sendDisableCode({ userId: user.id, ip })).ok).toBe(true);
    const code = await latestOutboxCode(core.twostep.smsLog, phone);
    const wrongCode = code === "000000" ? "111111" : "000000";
    const badPassword = await core.twostep.twoFactor.disableTwoFactor({ userId: user.id, password: "wrong password!", code, ip });
    const badCode = await core.twostep.twoFactor.disableTwoFactor({ userId: user.id, password, code: wrongCode, ip });
    expect(badPassword).toEqual({ ok: false, code: "INVALID_CREDENTIALS" });
    expect(badCode).toEqual(badPassword);
    expect((await core.twostep.accounts.byId(user.id))?.twoFactorEnabled).toBe(true);
    // The mistyped password did not burn the code the user had just received.
    expect(await core.twostep.twoFactor.disableTwoFactor({ userId: user.id, password, code, ip })).toEqual({ ok: true });
    expect((await core.twostep.accounts.byId(user.id))?.twoFactorEnabled).toBe(false);
  });

  it("limits password re-checks on a signed-in account", async () => {
    const { user } = await withTwoFactor();
    for (let i = 0; i < 5; i++) {
      expect(await core.twostep.twoFactor.regenerateBackupCodes({ userId: user.id, password: `guess number ${i}` })).toEqual({ ok: false, code: "INVALID_CREDENTIALS" });
    }
    expect(await core.twostep.twoFactor.regenerateBackupCodes({ userId: user.id, password })).toMatchObject({ ok: false, code: "RATE_LIMITED" });
    expect(await core.twostep.twoFactor.disableTwoFactor({ userId: user.id, password, code: "123456" })).toMatchObject({ ok: false, code: "RATE_LIMITED" });
  });

  it("moves 2FA to another phone only for a session that passed its second factor minutes ago", async () => {
    const { user } = await withTwoFactor();
    const phone = randomPhone();
    expect(await core.twostep.twoFactor.beginPhoneEnrollment({ userId: user.id, phone, ip: randomIp() })).toEqual({ ok: false, code: "REAUTH_REQUIRED" });
    const stale = core.clock.now() - 11 * 60_000;
    expect(await core.twostep.twoFactor.beginPhoneEnrollment({ userId: user.id, phone, ip: randomIp(), signedInAtMs: stale })).toEqual({ ok: false, code: "REAUTH_REQUIRED" });
    // Past the re-auth gate the code goes out: the old number's cooldown doesn't hold a new number
    // (new-number-cooldown.test.ts).
    expect(await core.twostep.twoFactor.beginPhoneEnrollment({ userId: user.id, phone, ip: randomIp(), signedInAtMs: core.clock.now() - 60_000 }))
      .toMatchObject({ ok: true, status: { phoneLastDigits: phone.slice(-4) } });
  });
});
