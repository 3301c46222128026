// Threat: the owner's notice of an operator's reset-2fa says something the reset did not do (that
// the phone number was removed, while it stays on the account), so a user who lost their phone
// believes the number is gone from an account that still shows it and still offers codes to it.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { composeNotice, isNoticeEvent, noticeFacts, totpCodeAt } from "@twostep/core";
import { startCore } from "../support/core-instance";
import { randomPhone } from "../support/fixtures";
import { latestOutboxCode } from "../support/outbox-codes";

const PASSWORD = "correct horse battery staple";
const IP = "203.0.113.7";

describe("reset-2fa's notice says what the reset did", () => {
  let core: Awaited<ReturnType<typeof startCore>>;
  beforeAll(async () => {
    core = await startCore();
  });
  afterAll(async () => core?.stop());

  it("an account with a phone, an app and backup codes, reset by an operator", async () => {
    const { twostep } = core;
    const signedUp = await twostep.accounts.signUp({ email: `reset2fa-${randomUUID()}@example.com`, password: PASSWORD, ip: IP });
    if (!signedUp.ok) throw new Error(JSON.stringify(signedUp));
    const userId = signedUp.user.id;
    const phone = randomPhone();
    expect(await twostep.twoFactor.beginPhoneEnrollment({ userId, phone, ip: IP })).toMatchObject({ ok: true });
    expect(await twostep.twoFactor.confirmPhoneEnrollment({ userId, code: await latestOutboxCode(twostep.smsLog, phone), ip: IP })).toMatchObject({ ok: true });
    expect(await twostep.twoFactor.enableTwoFactor({ userId, ip: IP })).toMatchObject({ ok: true });
    const begun = await twostep.twoFactor.beginAuthenticatorEnrollment({ userId, accountName: "owner", name: "Phone app", sessionFactor: "sms" });
    if (!begun.ok) throw new Error(JSON.stringify(begun));
    const code = totpCodeAt(begun.secret, core.clock.now());
    expect(await twostep.twoFactor.confirmAuthenticatorEnrollment({ userId, factorId: begun.factorId, code, ip: IP })).toMatchObject({ ok: true });

    await twostep.twoFactor.resetTwoFactor({ userId, reason: "lost phone, ticket 7", operator: "test" });

    // What the reset did: 2FA off, no app, no backup code, no factor left; the number stays on
    // record (as the operator's reset-2fa help and resetTwoFactor's contract say), no longer a factor.
    expect(await twostep.twoFactor.factors(userId)).toMatchObject({ twoFactorEnabled: false, sms: null, apps: [], backupCodesLeft: 0 });
    expect(await twostep.twoFactor.availableSecondFactors(userId)).toEqual([]);
    expect((await twostep.accounts.byId(userId))?.phoneE164).toBe(phone);

    // What the owner is told, from the event the reset recorded.
    const event = (await twostep.audit.recentForUser(userId, 20)).find((e) => e.type === "two_factor.reset");
    if (!event || !isNoticeEvent(event.type)) throw new Error("no two_factor.reset event");
    const { text } = composeNotice(noticeFacts({ ...event, userId, type: event.type, at: event.createdAt }), { appName: "Acme" });
    const said = text.split("\n")[0]!;
    expect(said).toMatch(/two-factor authentication is off/i);
    expect(said).toMatch(/authenticator apps and backup codes were removed/i);
    // The number is not said to be gone; the owner is told it no longer signs them in.
    expect(said).not.toMatch(/phone[^.:;]*removed/i);
    expect(said).toMatch(/phone number [^.]*stays on your account[^.]*no longer/i);
  });
});
