// Threat: a browser trusted before a change to how the account signs in keeps skipping the second
// step after it: the owner turns 2FA off and on, moves the phone, adds or removes an app, makes new
// backup codes, or an operator resets 2FA, and a browser (perhaps the one they are locking out)
// still walks in with the password alone. Each change voids every trusted browser of that user,
// and of that user only; a change that failed voids nothing.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { totpCodeAt } from "@twostep/core";
import type { TwoStep } from "@twostep/core/env";
import { startCore } from "../support/core-instance";
import { randomPhone } from "../support/fixtures";
import { latestOutboxCode } from "../support/outbox-codes";

const PASSWORD = "correct horse battery staple";
const IP = "203.0.113.5";

describe("every 2FA change voids the user's trusted browsers", () => {
  let core: Awaited<ReturnType<typeof startCore>>;
  let twostep: TwoStep;
  beforeAll(async () => {
    core = await startCore();
    twostep = core.twostep;
  });
  afterAll(async () => core?.stop());

  const devices = () => {
    if (!twostep.trustedDevices) throw new Error("trusted devices are off");
    return twostep.trustedDevices;
  };

  async function provePhone(userId: string, phone: string) {
    const sent = await twostep.twoFactor.beginPhoneEnrollment({ userId, phone, ip: IP, signedInAtMs: core.clock.now() });
    expect(sent, JSON.stringify(sent)).toMatchObject({ ok: true });
    const code = await latestOutboxCode(twostep.smsLog, phone);
    expect(await twostep.twoFactor.confirmPhoneEnrollment({ userId, code, ip: IP })).toMatchObject({ ok: true });
  }

  /** A user with a proved phone and 2FA on, one trusted browser, and a bystander with one of their own. */
  async function trustedUser(options: { twoFactor?: boolean } = {}) {
    const signedUp = await twostep.accounts.signUp({ email: `td-${randomUUID()}@example.com`, password: PASSWORD, ip: IP });
    if (!signedUp.ok) throw new Error(JSON.stringify(signedUp));
    const userId = signedUp.user.id;
    await provePhone(userId, randomPhone());
    if (options.twoFactor !== false) expect(await twostep.twoFactor.enableTwoFactor({ userId, ip: IP })).toMatchObject({ ok: true });
    const own = await devices().trust(userId, { ip: IP });
    const bystanderId = `bystander-${randomUUID()}`;
    const bystander = await devices().trust(bystanderId, { ip: IP });
    return {
      userId,
      stillTrusted: () => devices().check(userId, own.token),
      bystanderTrusted: () => devices().check(bystanderId, bystander.token),
    };
  }

  async function addApp(userId: string) {
    const begun = await twostep.twoFactor.beginAuthenticatorEnrollment({ userId, accountName: "td@example.com", name: "Phone app", sessionFactor: "sms" });
    if (!begun.ok) throw new Error(JSON.stringify(begun));
    const confirmed = await twostep.twoFactor.confirmAuthenticatorEnrollment({ userId, factorId: begun.factorId, code: totpCodeAt(begun.secret, core.clock.now()), ip: IP });
    expect(confirmed, JSON.stringify(confirmed)).toMatchObject({ ok: true });
    return begun.factorId;
  }

  it("new backup codes; a wrong password first voids nothing", async () => {
    const user = await trustedUser();
    expect(await twostep.twoFactor.regenerateBackupCodes({ userId: user.userId, password: "not the password" })).toMatchObject({ ok: false });
    expect(await user.stillTrusted()).toBe(true);
    expect(await twostep.twoFactor.regenerateBackupCodes({ userId: user.userId, password: PASSWORD })).toMatchObject({ ok: true });
    expect(await user.stillTrusted()).toBe(false);
    expect(await user.bystanderTrusted()).toBe(true);
    expect(await devices().list(user.userId)).toEqual([]);
  });

  it("the phone moved to another number", async () => {
    const user = await trustedUser();
    await provePhone(user.userId, randomPhone());
    expect(await user.stillTrusted()).toBe(false);
    expect(await user.bystanderTrusted()).toBe(true);
  });

  it("2FA turned off with the password and a code", async () => {
    const user = await trustedUser();
    const factors = await twostep.twoFactor.factors(user.userId);
    expect(factors?.twoFactorEnabled).toBe(true);
    expect(await twostep.twoFactor.sendDisableCode({ userId: user.userId, ip: IP })).toMatchObject({ ok: true });
    const phone = (await twostep.accounts.byId(user.userId))!.phoneE164!;
    const code = await latestOutboxCode(twostep.smsLog, phone);
    expect(await twostep.twoFactor.disableTwoFactor({ userId: user.userId, password: PASSWORD, code, ip: IP })).toMatchObject({ ok: true });
    expect(await user.stillTrusted()).toBe(false);
    expect(await user.bystanderTrusted()).toBe(true);
  });

  it("2FA turned on", async () => {
    const user = await trustedUser({ twoFactor: false });
    expect(await user.stillTrusted()).toBe(true);
    expect(await twostep.twoFactor.enableTwoFactor({ userId: user.userId, ip: IP })).toMatchObject({ ok: true });
    expect(await user.stillTrusted()).toBe(false);
  });

  it("an authenticator app added, and one removed", async () => {
    const user = await trustedUser();
    const factorId = await addApp(user.userId);
    expect(await user.stillTrusted()).toBe(false);
    const again = await devices().trust(user.userId);
    expect(await devices().check(user.userId, again.token)).toBe(true);
    expect(await twostep.twoFactor.removeAuthenticator({ userId: user.userId, factorId, sessionFactor: "sms", ip: IP })).toMatchObject({ ok: true });
    expect(await devices().check(user.userId, again.token)).toBe(false);
    expect(await user.bystanderTrusted()).toBe(true);
  });

  it("an operator's reset-2fa", async () => {
    const user = await trustedUser();
    await twostep.twoFactor.resetTwoFactor({ userId: user.userId, reason: "lost phone, identity checked", operator: "test" });
    expect(await user.stillTrusted()).toBe(false);
    expect(await user.bystanderTrusted()).toBe(true);
  });
});
