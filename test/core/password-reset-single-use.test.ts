// Threat: a reset link used twice, by two requests racing or by someone finding it in a mailbox
// later, sets the password twice. A link works exactly once, and a newer link voids the older one.
import { describe, expect, it } from "vitest";
import { usePasswordResetRig } from "../support/password-reset-rig";

describe("a password-reset link works once", () => {
  const rig = usePasswordResetRig();

  it("of two resets racing with one link, exactly one sets its password", async () => {
    const { email } = await rig.newUser();
    const token = await rig.linkFor(email);
    const results = await Promise.all([
      rig.accounts.resetPassword({ token, newPassword: "first racer's new passphrase", ip: "10.0.0.1" }),
      rig.accounts.resetPassword({ token, newPassword: "second racer's new passphrase", ip: "10.0.0.2" }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, code: "RESET_LINK_INVALID" }]);
    const winner = results[0]!.ok ? "first racer's new passphrase" : "second racer's new passphrase";
    const loser = results[0]!.ok ? "second racer's new passphrase" : "first racer's new passphrase";
    expect(await rig.accounts.authenticate({ email, password: winner, ip: "10.0.0.3" })).toMatchObject({ ok: true });
    expect(await rig.accounts.authenticate({ email, password: loser, ip: "10.0.0.3" })).toMatchObject({ ok: false, code: "INVALID_CREDENTIALS" });
  });

  it("refuses the link when it comes back later, and the password stays", async () => {
    const { email } = await rig.newUser();
    const token = await rig.linkFor(email);
    expect(await rig.accounts.resetPassword({ token, newPassword: "the owner's new passphrase", ip: "10.0.0.1" })).toEqual({ ok: true });
    expect(await rig.accounts.resetPassword({ token, newPassword: "an intruder's passphrase", ip: "10.0.0.9" })).toEqual({
      ok: false,
      code: "RESET_LINK_INVALID",
    });
    expect(await rig.accounts.authenticate({ email, password: "the owner's new passphrase", ip: "10.0.0.3" })).toMatchObject({ ok: true });
  });

  it("voids an unused link when a newer one is asked for", async () => {
    const { email, password } = await rig.newUser();
    const older = await rig.linkFor(email);
    const newer = await rig.linkFor(email);
    expect(await rig.accounts.resetPassword({ token: older, newPassword: "from the older link", ip: "10.0.0.1" })).toEqual({ ok: false, code: "RESET_LINK_INVALID" });
    expect(await rig.accounts.authenticate({ email, password, ip: "10.0.0.3" })).toMatchObject({ ok: true });
    expect(await rig.accounts.resetPassword({ token: newer, newPassword: "from the newer link", ip: "10.0.0.1" })).toEqual({ ok: true });
  });

  it("voids a pending link when the password is changed with the current one", async () => {
    const { email, password, user } = await rig.newUser();
    const token = await rig.linkFor(email);
    expect(await rig.accounts.changePassword({ userId: user.id, currentPassword: password, newPassword: "changed the usual way", ip: "10.0.0.1" })).toEqual({ ok: true });
    expect(await rig.accounts.checkResetLink({ token })).toEqual({ ok: false, code: "RESET_LINK_INVALID" });
    expect(await rig.accounts.resetPassword({ token, newPassword: "from the stale link", ip: "10.0.0.1" })).toEqual({ ok: false, code: "RESET_LINK_INVALID" });
  });

  it("answers a made-up or malformed link with the same code, never an error", async () => {
    for (const token of ["A".repeat(43), "short", "", null, 42, { token: "x" }, ["a"], "A".repeat(44), "é".repeat(43)]) {
      expect(await rig.accounts.resetPassword({ token, newPassword: "a perfectly new passphrase", ip: "10.0.0.4" })).toEqual({
        ok: false,
        code: "RESET_LINK_INVALID",
      });
    }
  });
});
