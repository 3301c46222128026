// Threat: backup codes outlive the second factor they stand in for. Codes printed while 2FA was
// on still open the account after it was turned off and on again, and turning it back on shows
// no new ones. Turning 2FA off must void them; turning it on must issue a new set, shown once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppServer } from "../support/app-server";
import { randomPhone } from "../support/fixtures";
import { APP_BACKENDS } from "./support/app-backends";
import { ClientAt, PASSWORD, signedUp, turnOnTwoFactor } from "./support/client-at";
import { callAction } from "./support/server-actions";

for (const backend of APP_BACKENDS) {
  describe(`backup codes live and die with 2FA: ${backend.name}`, async () => {
    const run = await backend.enabled();
    let app: AppServer;
    beforeAll(async () => {
      if (run) app = await backend.start();
    });
    afterAll(async () => {
      await app?.stop();
    });

    it.runIf(run)("2FA off voids the codes; 2FA on again shows a new set once, and only that set works", { timeout: 120_000 }, async () => {
      const browser = new ClientAt(app.url);
      const email = await signedUp(browser, "backup-life");
      const phone = randomPhone();
      const first = await turnOnTwoFactor(browser, phone);
      expect(first).toHaveLength(10);

      expect((await callAction(browser, "/settings/security", "sendDisableCodeAction")).result).toMatchObject({ status: "success" });
      const off = await callAction(browser, "/settings/security", "disableTwoFactorAction", { password: PASSWORD, code: await browser.latestCode(phone) });
      expect(off.result).toMatchObject({ status: "success" });

      // The phone proof is minutes old, so 2FA may go straight back on: with new codes.
      const on = await callAction(browser, "/settings/security", "enableTwoFactorAction");
      expect(on.result).toMatchObject({ status: "success" });
      const second = on.result?.data as string[] | undefined;
      expect(second).toHaveLength(10);
      expect(second!.filter((code) => first.includes(code))).toEqual([]);
      // Shown once: asking again (2FA already on) shows nothing.
      const again = await callAction(browser, "/settings/security", "enableTwoFactorAction");
      expect(again.result).toMatchObject({ status: "success" });
      expect(Array.isArray(again.result?.data)).toBe(false);

      const pending = new ClientAt(app.url);
      expect(await pending.signInOutcome(email, PASSWORD)).toBe("ok");
      const old = await callAction(pending, "/verify/backup", "verifyBackupCodeAction", { backupCode: first[0]! });
      expect(old.result).toMatchObject({ status: "error", code: "INVALID_BACKUP_CODE" });
      const fresh = await callAction(pending, "/verify/backup", "verifyBackupCodeAction", { backupCode: second![0]! });
      expect(fresh.redirect).toMatch(/^\/dashboard\b/);
      expect(await pending.session()).toMatchObject({ stage: "full" });
    });
  });
}
