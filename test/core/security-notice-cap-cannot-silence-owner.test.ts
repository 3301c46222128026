// Threat: the notice cap becomes a way to silence the owner. Someone inside the account spends the
// account's notice budget with harmless events (new backup codes, over and over) and then changes
// the password, so the owner never hears of it. The cap is per notice type: the first notice of
// each type in a window always reaches the owner, whatever else was mailed before.
import { describe, expect, it } from "vitest";
import { NOTICE_TYPE_DAILY } from "../../packages/core/src/notices/security-notices";
import { coreOverSmtp } from "../support/core-over-smtp";

const OWNER = "owner@example.com";
const PASSWORD = "correct horse battery staple 42";

describe("an intruder who floods the account's notices of one type", () => {
  it("cannot keep the owner from hearing that the password was changed", { timeout: 300_000 }, async () => {
    const { twostep, smtp, signUp } = await coreOverSmtp();
    const userId = await signUp(OWNER, PASSWORD);

    // The harmless type, far past its hourly and daily budget.
    for (let i = 0; i < NOTICE_TYPE_DAILY.points * 3; i++) expect(await twostep.twoFactor.regenerateBackupCodes({ userId, password: PASSWORD })).toMatchObject({ ok: true });
    await twostep.notices.idle();
    const before = smtp.received.length;
    expect(before).toBeLessThan(NOTICE_TYPE_DAILY.points * 3);

    expect(await twostep.accounts.changePassword({ userId, currentPassword: PASSWORD, newPassword: "another long passphrase 43", ip: "203.0.113.66" })).toMatchObject({ ok: true });
    await twostep.notices.idle();
    const changed = smtp.received.slice(before).filter((m) => /Password changed/.test(m.subject));
    expect(changed).toHaveLength(1);
    expect(changed[0]!.to).toEqual([OWNER]);
    expect(changed[0]!.text).toMatch(/IP address 203\.0\.113\.66/);
  });
});
