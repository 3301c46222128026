// Threat: someone already inside the account (a stolen session, a password-only session from
// before 2FA, a browser trusted to skip the code) stays in after the owner resets the password, or the reset itself lets someone past
// the second factor. A reset ends every session of the user, signs no one in, and leaves 2FA to
// be passed at the next sign-in; it refuses common passwords and is on the security log.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { type PasswordResetRig, usePasswordResetRig } from "../support/password-reset-rig";

describe("a password reset", () => {
  const rig = usePasswordResetRig();

  it("ends every session of the user, and only theirs", async () => {
    const { email, user } = await rig.newUser();
    const other = await rig.newUser();
    const full = await rig.sessions.open({ userId: user.id, stage: "full", factor: "sms", ip: "10.0.0.1" });
    const pending = await rig.sessions.open({ userId: user.id, stage: "pending", factor: null, ip: "10.0.0.2" });
    const bystander = await rig.sessions.open({ userId: other.user.id, stage: "full", factor: "password", ip: "10.0.0.3" });
    const token = await rig.linkFor(email);
    expect(await rig.accounts.resetPassword({ token, newPassword: "a brand new passphrase", ip: "10.0.0.4" })).toEqual({ ok: true });
    expect(await rig.sessions.check(full.id)).toBeNull();
    expect(await rig.sessions.check(pending.id)).toBeNull();
    expect(await rig.sessions.list(user.id)).toEqual([]);
    expect(await rig.sessions.check(bystander.id)).not.toBeNull();
  });

  it("forgets every trusted browser of the user, so the new password alone signs in nowhere", async () => {
    const { email, user } = await rig.newUser();
    const other = await rig.newUser();
    const mine = await rig.trustedDevices.trust(user.id, { ip: "10.0.0.1" });
    const theirs = await rig.trustedDevices.trust(other.user.id, { ip: "10.0.0.1" });
    const token = await rig.linkFor(email);
    expect(await rig.accounts.resetPassword({ token, newPassword: "a brand new passphrase", ip: "10.0.0.4" })).toEqual({ ok: true });
    expect(await rig.trustedDevices.check(user.id, mine.token)).toBe(false);
    expect(await rig.trustedDevices.list(user.id)).toEqual([]);
    expect(await rig.trustedDevices.check(other.user.id, theirs.token)).toBe(true);
  });

  it("sets the password and nothing else: the old one fails, the new one passes, 2FA stays owed", async () => {
    const { email, password, user } = await rig.newUser();
    await rig.db.update(rig.tables.users).set({ twoFactorEnabled: true }).where(eqId(rig.tables, user.id));
    const token = await rig.linkFor(email);
    const result = await rig.accounts.resetPassword({ token, newPassword: "a brand new passphrase", ip: "10.0.0.4" });
    expect(result).toEqual({ ok: true });
    expect(await rig.sessions.list(user.id)).toEqual([]);
    expect(await rig.accounts.authenticate({ email, password, ip: "10.0.0.5" })).toMatchObject({ ok: false, code: "INVALID_CREDENTIALS" });
    const signIn = await rig.accounts.authenticate({ email, password: "a brand new passphrase", ip: "10.0.0.5" });
    expect(signIn).toMatchObject({ ok: true, user: { id: user.id, twoFactorEnabled: true } });
    const events = await rig.audit.recentForUser(user.id, 10);
    expect(events.map((e) => e.type)).toContain("password.reset");
    expect(events.find((e) => e.type === "password.reset")).toMatchObject({ ip: "10.0.0.4" });
  });

  it("refuses a common or malformed password with its own code and keeps the link for a better one", async () => {
    const { email } = await rig.newUser();
    const token = await rig.linkFor(email);
    expect(await rig.accounts.resetPassword({ token, newPassword: "Password123", ip: "10.0.0.6" })).toEqual({ ok: false, code: "COMMON_PASSWORD", field: "newPassword" });
    for (const newPassword of ["short", "", null, 12345678, ["a long enough passphrase"], "x".repeat(129)]) {
      expect(await rig.accounts.resetPassword({ token, newPassword, ip: "10.0.0.6" })).toEqual({ ok: false, code: "INVALID_INPUT", field: "newPassword" });
    }
    expect(await rig.accounts.resetPassword({ token, newPassword: "an uncommon passphrase", ip: "10.0.0.6" })).toEqual({ ok: true });
  });
});

function eqId(tables: PasswordResetRig["tables"], id: string) {
  return sql`${tables.users.id} = ${id}`;
}
