// Threat: a session opened before a change to how the account signs in outlives the change: a
// password-only session from before 2FA was on moves the 2FA phone, or a browser the owner left
// signed in keeps working after 2FA was turned off, the phone moved or an authenticator app was
// added or removed. Every other session of the user ends with the change; the browser that made it
// stays signed in.
import { RESEND_COOLDOWN_SECONDS, totpCodeAt } from "@twostep/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppServer } from "../support/app-server";
import { randomPhone } from "../support/fixtures";
import { HttpSession } from "../support/http-session";
import { APP_BACKENDS } from "./support/app-backends";
import { callAction } from "./support/server-actions";
import { PASSWORD, pendingSession, twoFactorUserOverHttp } from "./support/two-factor-user";

/**
 * A second browser fully signed in to a 2FA account, with a backup code: SMS codes to one account
 * are spaced 30 s apart, and these tests sign in several browsers at once.
 */
async function secondBrowser(baseUrl: string, email: string, backupCode: string): Promise<HttpSession> {
  const browser = await pendingSession(baseUrl, email);
  const reply = await callAction(browser, "/verify/backup", "verifyBackupCodeAction", { backupCode });
  expect(reply.redirect, JSON.stringify(reply.result)).toMatch(/\/dashboard/);
  return browser;
}

for (const backend of APP_BACKENDS) {
  describe(`other sessions after a 2FA change (${backend.name})`, async () => {
    const run = await backend.enabled();
    let app: AppServer;
    beforeAll(async () => {
      if (run) app = await backend.start();
    });
    afterAll(async () => {
      if (run) await app?.stop();
    });

    it.runIf(run)("a password-only session from before 2FA went on is refused, and cannot move the phone", async () => {
      const email = `before-${Date.now()}@example.com`;
      const owner = new HttpSession(app.url);
      await owner.signUp(email, PASSWORD);
      expect(await owner.signIn(email, PASSWORD)).toBe(true);
      const old = new HttpSession(app.url);
      expect(await old.signIn(email, PASSWORD)).toBe(true);
      expect((await old.fetch("/api/me")).status).toBe(200);

      const phone = randomPhone();
      const begun = await callAction(owner, "/settings/security", "beginPhoneEnrollmentAction", { phone });
      expect(begun.result).toMatchObject({ status: "success" });
      await callAction(owner, "/settings/security", "confirmPhoneEnrollmentAction", { code: await owner.latestCode(phone) });
      const enabled = await callAction(owner, "/settings/security", "enableTwoFactorAction");
      expect(enabled.result).toMatchObject({ status: "success" });

      expect((await owner.fetch("/api/me")).status).toBe(200);
      expect((await old.fetch("/api/me")).status).toBe(401);
      const attackerPhone = randomPhone();
      const moved = await callAction(old, "/settings/security", "beginPhoneEnrollmentAction", { phone: attackerPhone });
      expect(moved.result?.status).not.toBe("success");
      const outbox = (await (await old.fetch(`/api/dev/outbox?to=${encodeURIComponent(attackerPhone)}`)).json()) as { messages: unknown[] };
      expect(outbox.messages).toHaveLength(0);
    });

    it.runIf(run)("turning 2FA off in one browser signs the other out", async () => {
      const { phone, full, email, backupCodes } = await twoFactorUserOverHttp(app.url);
      const other = await secondBrowser(app.url, email, backupCodes[0]!);
      expect((await other.fetch("/api/me")).status).toBe(200);

      const sent = await callAction(full, "/settings/security", "sendDisableCodeAction");
      expect(sent.result).toMatchObject({ status: "success" });
      const off = await callAction(full, "/settings/security", "disableTwoFactorAction", { password: PASSWORD, code: await full.latestCode(phone) });
      expect(off.result).toMatchObject({ status: "success" });

      expect((await full.fetch("/api/me")).status).toBe(200);
      expect((await other.fetch("/api/me")).status).toBe(401);
      expect(await other.session()).toBeNull();
    });

    it.runIf(run)("moving the phone in one browser signs the other out", { timeout: 60_000 }, async () => {
      const { full, email, backupCodes } = await twoFactorUserOverHttp(app.url);
      const other = await secondBrowser(app.url, email, backupCodes[0]!);
      // Enrollment codes to one account are spaced RESEND_COOLDOWN_SECONDS apart; the first went out just now.
      await new Promise((resolve) => setTimeout(resolve, (RESEND_COOLDOWN_SECONDS + 1) * 1000));
      const newPhone = randomPhone();
      const begun = await callAction(full, "/settings/security", "beginPhoneEnrollmentAction", { phone: newPhone });
      expect(begun.result, JSON.stringify(begun.result)).toMatchObject({ status: "success" });
      const confirmed = await callAction(full, "/settings/security", "confirmPhoneEnrollmentAction", { code: await full.latestCode(newPhone) });
      expect(confirmed.result).toMatchObject({ status: "success" });

      expect((await full.fetch("/api/me")).status).toBe(200);
      expect((await other.fetch("/api/me")).status).toBe(401);
    });

    it.runIf(run)("adding an authenticator app signs the other browser out, and so does removing it", async () => {
      const { email, backupCodes } = await twoFactorUserOverHttp(app.url);
      // Adding or removing an app with 2FA on needs a session whose second step passed with a factor.
      const changer = await secondBrowser(app.url, email, backupCodes[0]!);
      const other = await secondBrowser(app.url, email, backupCodes[1]!);
      const begun = await callAction(changer, "/settings/security", "beginAuthenticatorAction", { name: "Phone app" });
      expect(begun.result, JSON.stringify(begun.result)).toMatchObject({ status: "success" });
      const { factorId, secret } = begun.result?.data as { factorId: string; secret: string };
      const confirmed = await callAction(changer, "/settings/security", "confirmAuthenticatorAction", { factorId, code: totpCodeAt(secret, Date.now()) });
      expect(confirmed.result, JSON.stringify(confirmed.result)).toMatchObject({ status: "success" });
      expect((await changer.fetch("/api/me")).status).toBe(200);
      expect((await other.fetch("/api/me")).status).toBe(401);

      const third = await secondBrowser(app.url, email, backupCodes[2]!);
      const removed = await callAction(changer, "/settings/security", "removeAuthenticatorAction", { factorId });
      expect(removed.result, JSON.stringify(removed.result)).toMatchObject({ status: "success" });
      expect((await changer.fetch("/api/me")).status).toBe(200);
      expect((await third.fetch("/api/me")).status).toBe(401);
    });

    it.runIf(run)("new backup codes sign the other browser out; the sessions list and 'sign out everywhere else' work per user", async () => {
      const { full, email, backupCodes } = await twoFactorUserOverHttp(app.url);
      const other = await secondBrowser(app.url, email, backupCodes[0]!);
      const page = (await (await full.fetch("/settings/security")).text()).replaceAll("<!-- -->", "");
      expect(page).toContain("This browser");
      expect(page.match(/name="sessionId"/g)?.length).toBe(1);

      const regenerated = await callAction(full, "/settings/security", "regenerateBackupCodesAction", { password: PASSWORD });
      expect(regenerated.result).toMatchObject({ status: "success" });
      expect((await other.fetch("/api/me")).status).toBe(401);

      const third = await secondBrowser(app.url, email, (regenerated.result?.data as string[])[0]!);
      await callAction(full, "/settings/security", "endOtherSessionsAction");
      expect((await third.fetch("/api/me")).status).toBe(401);
      expect((await full.fetch("/api/me")).status).toBe(200);
    });
  });
}
