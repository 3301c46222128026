// Threat: the owner resets the password to shut out someone holding a session (or a browser
// trusted to skip the code), and the store holding sessions fails just then (Redis down while SQL
// is up). The password was already changed and the link spent, so an UNAVAILABLE answer left the
// intruder's session live, made the retry read RESET_LINK_INVALID, skipped forgetting the trusted
// browsers, and never told the owner. Once the password is changed a reset answers success: each
// cleanup is tried on its own and once more if it fails, and what still failed is said
// (otherSessionsNotEnded / trustedBrowsersNotForgotten) so the page tells the owner to finish it.
// The faults are wrappers around the real SQL-backed session registry and trusted-device store.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "@twostep/core/sql";
import { captureLogs } from "../support/log-capture";
import { passwordResetRig } from "../support/password-reset-rig";

const NEW_PASSWORD = "a brand new passphrase";

/** Makes `target[name]` throw its next `times` calls, then behave as the real one again. */
function failNext<T extends object, K extends keyof T>(target: T, name: K, times: number): { calls: () => number } {
  const real = target[name] as unknown as (...args: unknown[]) => Promise<unknown>;
  let calls = 0;
  (target as Record<K, unknown>)[name] = async (...args: unknown[]) => {
    calls++;
    if (calls <= times) throw Object.assign(new Error("session store unavailable"), { code: "ECONNREFUSED" });
    return real.apply(target, args);
  };
  return { calls: () => calls };
}

describe("a password reset whose cleanup fails after the password changed", () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openDatabase({ pgliteMemory: true });
  });
  afterAll(async () => handle.close());

  it("tries ending the sessions once more, and a second try that works ends them all", async () => {
    const rig = passwordResetRig(handle);
    const { email, user } = await rig.newUser();
    const stolen = await rig.sessions.open({ userId: user.id, stage: "full", factor: "sms", ip: "10.0.0.1" });
    const trusted = await rig.trustedDevices.trust(user.id, { ip: "10.0.0.1" });
    const token = await rig.linkFor(email);
    const endOthers = failNext(rig.sessions, "endOthers", 1);
    expect(await rig.accounts.resetPassword({ token, newPassword: NEW_PASSWORD, ip: "10.0.0.4" })).toEqual({ ok: true });
    expect(endOthers.calls()).toBe(2);
    expect(await rig.sessions.check(stolen.id)).toBeNull();
    expect(await rig.trustedDevices.check(user.id, trusted.token)).toBe(false);
  });

  it("answers success saying the sessions were not ended when both tries fail, and still forgets the trusted browsers", async () => {
    const logs = captureLogs("warn");
    const rig = passwordResetRig(handle, { logger: logs.logger });
    const { email, user } = await rig.newUser();
    const stolen = await rig.sessions.open({ userId: user.id, stage: "full", factor: "sms", ip: "10.0.0.1" });
    const trusted = await rig.trustedDevices.trust(user.id, { ip: "10.0.0.1" });
    const token = await rig.linkFor(email);
    const endOthers = failNext(rig.sessions, "endOthers", 2);
    const answer = await rig.accounts.resetPassword({ token, newPassword: NEW_PASSWORD, ip: "10.0.0.4" });
    expect(answer).toEqual({ ok: true, otherSessionsNotEnded: true });
    expect(endOthers.calls()).toBe(2);
    // Said truthfully: the session is still live, and the user is told to end it.
    expect(await rig.sessions.check(stolen.id)).not.toBeNull();
    // The other cleanup was not skipped.
    expect(await rig.trustedDevices.check(user.id, trusted.token)).toBe(false);
    // The reset did happen: the new password signs in, the link is spent, the log has it.
    expect(await rig.accounts.authenticate({ email, password: NEW_PASSWORD, ip: "10.0.0.5" })).toMatchObject({ ok: true });
    expect(await rig.accounts.resetPassword({ token, newPassword: NEW_PASSWORD, ip: "10.0.0.4" })).toEqual({ ok: false, code: "RESET_LINK_INVALID" });
    expect((await rig.audit.recentForUser(user.id, 10)).map((e) => e.type)).toContain("password.reset");
    expect(logs.text()).toContain("could not end the user's sessions");
    expect(logs.text()).toContain(user.id);
  });

  it("still ends the sessions when forgetting the trusted browsers fails, and says the browsers were not forgotten", async () => {
    const rig = passwordResetRig(handle);
    const { email, user } = await rig.newUser();
    const stolen = await rig.sessions.open({ userId: user.id, stage: "full", factor: "sms", ip: "10.0.0.1" });
    const trusted = await rig.trustedDevices.trust(user.id, { ip: "10.0.0.1" });
    const token = await rig.linkFor(email);
    const revokeAll = failNext(rig.trustedDevices, "revokeAll", 2);
    expect(await rig.accounts.resetPassword({ token, newPassword: NEW_PASSWORD, ip: "10.0.0.4" })).toEqual({ ok: true, trustedBrowsersNotForgotten: true });
    expect(revokeAll.calls()).toBe(2);
    expect(await rig.sessions.check(stolen.id)).toBeNull();
    expect(await rig.trustedDevices.check(user.id, trusted.token)).toBe(true);
  });

  it("says both when neither cleanup can run", async () => {
    const rig = passwordResetRig(handle);
    const { email, user } = await rig.newUser();
    await rig.sessions.open({ userId: user.id, stage: "full", factor: "sms", ip: "10.0.0.1" });
    const token = await rig.linkFor(email);
    failNext(rig.sessions, "endOthers", 2);
    failNext(rig.trustedDevices, "revokeAll", 2);
    expect(await rig.accounts.resetPassword({ token, newPassword: NEW_PASSWORD, ip: "10.0.0.4" })).toEqual({
      ok: true,
      otherSessionsNotEnded: true,
      trustedBrowsersNotForgotten: true,
    });
  });
});
