// Threat: someone who has only the password locks the owner out of every way to finish signing
// in: wrong SMS codes lock verification, and wrong backup codes spend the backup-code limit. A
// backup code from the owner must still work while the SMS code is locked, within its own
// stricter limit: strict per (account, IP), a wider one per account, and a window of its own for
// a browser that signed in to the account before.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BACKUP_CODE_TRIES_PER_15_MINUTES, MAX_ATTEMPTS_PER_CODE, RESEND_COOLDOWN_SECONDS } from "@twostep/core";
import type { AppServer } from "../support/app-server";
import { randomPhone } from "../support/fixtures";
import { APP_BACKENDS } from "./support/app-backends";
import { ClientAt, PASSWORD, signedUp, turnOnTwoFactor } from "./support/client-at";
import { callAction } from "./support/server-actions";

const wrong = (code: string) => (code === "000000" ? "111111" : "000000");

for (const backend of APP_BACKENDS) {
  describe(`the password alone can't lock the owner out of backup codes: ${backend.name}`, async () => {
    const run = await backend.enabled();
    let app: AppServer;
    beforeAll(async () => {
      if (run) app = await backend.start();
    });
    afterAll(async () => {
      await app?.stop();
    });

    it.runIf(run)("with the SMS code locked and the attacker's backup tries spent, the owner's backup code still signs in", { timeout: 150_000 }, async () => {
      const owner = new ClientAt(app.url);
      const email = await signedUp(owner, "backup-owner");
      const phone = randomPhone();
      const backupCodes = await turnOnTwoFactor(owner, phone);

      // The attacker: the password, from an address of their own.
      const attacker = new ClientAt(app.url);
      expect(await attacker.signInOutcome(email, PASSWORD)).toBe("ok");
      const guess = async () => (await callAction(attacker, "/verify", "verifySignInCodeAction", { code: wrong(await attacker.latestCode(phone)) })).result;
      for (let i = 0; i < MAX_ATTEMPTS_PER_CODE; i++) await guess();
      await new Promise((r) => setTimeout(r, (RESEND_COOLDOWN_SECONDS + 1) * 1000));
      expect((await callAction(attacker, "/verify", "sendSignInCodeAction")).result).toMatchObject({ status: "success" });
      let last;
      for (let i = 0; i < MAX_ATTEMPTS_PER_CODE; i++) last = await guess();
      expect(last).toMatchObject({ status: "error", code: "LOCKED" });

      for (let i = 0; i < BACKUP_CODE_TRIES_PER_15_MINUTES; i++) {
        const tried = await callAction(attacker, "/verify/backup", "verifyBackupCodeAction", { backupCode: `AAAAA-AAAA${i}` });
        expect(tried.result).toMatchObject({ status: "error", code: "INVALID_BACKUP_CODE" });
      }
      // The attacker's own limit holds.
      const spent = await callAction(attacker, "/verify/backup", "verifyBackupCodeAction", { backupCode: "AAAAA-AAAAA" });
      expect(spent.result).toMatchObject({ status: "error", code: "RATE_LIMITED" });

      // The owner, on the browser that signed in to the account before: the SMS code is locked…
      expect(await owner.signInOutcome(email, PASSWORD)).toBe("ok");
      const sms = await callAction(owner, "/verify", "verifySignInCodeAction", { code: await owner.latestCode(phone) });
      expect(sms.result).toMatchObject({ status: "error", code: "LOCKED" });
      // …and a backup code works.
      const used = await callAction(owner, "/verify/backup", "verifyBackupCodeAction", { backupCode: backupCodes[0]! });
      expect(used.redirect).toMatch(/^\/dashboard\b/);
      expect(await owner.session()).toMatchObject({ stage: "full" });

      // So does one on a browser of the owner's that never signed in here, from its own address.
      const newBrowser = new ClientAt(app.url);
      expect(await newBrowser.signInOutcome(email, PASSWORD)).toBe("ok");
      const alsoUsed = await callAction(newBrowser, "/verify/backup", "verifyBackupCodeAction", { backupCode: backupCodes[1]! });
      expect(alsoUsed.redirect).toMatch(/^\/dashboard\b/);
    });
  });
}
