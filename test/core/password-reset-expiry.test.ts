// Threat: a reset link found late (an old mail, a forwarded message, a mailbox read months on)
// still sets the password. A link works for 30 minutes from the request, and not a moment after.
import { describe, expect, it } from "vitest";
import { PASSWORD_RESET_LINK_MINUTES } from "@twostep/core/accounts";
import { usePasswordResetRig } from "../support/password-reset-rig";

describe("a password-reset link expires", () => {
  const rig = usePasswordResetRig();

  it("lasts 30 minutes", () => {
    expect(PASSWORD_RESET_LINK_MINUTES).toBe(30);
  });

  it("works just before 30 minutes and is refused just after, leaving the password as it was", async () => {
    const early = await rig.newUser();
    const late = await rig.newUser();
    const earlyToken = await rig.linkFor(early.email);
    const lateToken = await rig.linkFor(late.email);
    rig.clock.advance(PASSWORD_RESET_LINK_MINUTES * 60_000 - 2_000);
    expect(await rig.accounts.checkResetLink({ token: lateToken })).toEqual({ ok: true });
    expect(await rig.accounts.resetPassword({ token: earlyToken, newPassword: "just in time passphrase", ip: "10.0.0.1" })).toEqual({ ok: true });
    rig.clock.advance(3_000);
    expect(await rig.accounts.checkResetLink({ token: lateToken })).toEqual({ ok: false, code: "RESET_LINK_INVALID" });
    expect(await rig.accounts.resetPassword({ token: lateToken, newPassword: "too late a passphrase", ip: "10.0.0.1" })).toEqual({
      ok: false,
      code: "RESET_LINK_INVALID",
    });
    expect(await rig.accounts.authenticate({ email: late.email, password: late.password, ip: "10.0.0.2" })).toMatchObject({ ok: true });
  });
});
