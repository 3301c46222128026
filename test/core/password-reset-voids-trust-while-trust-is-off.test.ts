// Threat: an operator switches "trust this browser" off (TRUSTED_DEVICE_DAYS=0), a user resets a
// stolen password, and the thief's browser, trusted before, skips the second factor again the day
// the feature is switched back on: the reset never voided trusts it could not see. A reset must
// void every trusted browser whatever the setting, as every change of 2FA already does.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createLogger } from "@twostep/core";
import { createTwoStepFromConfig, loadConfig } from "@twostep/core/env";
import { recordingMailSender, tokenFromMail } from "../support/password-reset-rig";

const dataDir = mkdtempSync(path.join(os.tmpdir(), "twostep-reset-trust-off-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** The same deployment (one PGlite data folder), started with the trust setting given. */
async function start(trustedDeviceDays: string) {
  const mail = recordingMailSender();
  const config = loadConfig({ NODE_ENV: "test", DATA_DIR: dataDir, SMS_ALLOWED_COUNTRIES: "US,GB", TRUSTED_DEVICE_DAYS: trustedDeviceDays });
  return { twostep: await createTwoStepFromConfig(config, { mail, logger: createLogger({ level: "silent" }) }), mail };
}

describe("a password reset while trusted browsers are switched off", () => {
  it("voids the trusts made before, so switching the feature back on revives none", async () => {
    const email = "reset-while-trust-off@example.com";
    const first = await start("30");
    const signedUp = await first.twostep.accounts.signUp({ email, password: "correct horse battery staple", ip: "198.51.100.1" });
    if (!signedUp.ok) throw new Error(`sign-up failed: ${signedUp.code}`);
    const userId = signedUp.user.id;
    const thief = await first.twostep.trustedDevices!.trust(userId, { ip: "203.0.113.9" });
    expect(await first.twostep.trustedDevices!.check(userId, thief.token)).toBe(true);
    await first.twostep.close();

    const off = await start("0");
    expect(off.twostep.trustedDevices).toBeNull();
    expect((await off.twostep.accounts.requestPasswordReset({ email, ip: "198.51.100.1", resetUrl: "https://app.example.com/reset-password" })).ok).toBe(true);
    const token = tokenFromMail(await off.mail.waitFor(email, 1));
    expect(await off.twostep.accounts.resetPassword({ token, newPassword: "a brand new passphrase", ip: "198.51.100.1" })).toEqual({ ok: true });
    await off.twostep.close();

    const back = await start("30");
    expect(await back.twostep.trustedDevices!.check(userId, thief.token)).toBe(false);
    await back.twostep.close();
  });
});
