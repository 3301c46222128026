// Threat: someone who learned the password (and holds a session with it) keeps that session after
// the owner changes the password, or the owner picks a password every attacker tries first. A
// change needs the current password, refuses common passwords, and signs out every other browser.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppServer } from "../support/app-server";
import { APP_BACKENDS } from "./support/app-backends";
import { ClientAt, PASSWORD, signedUp } from "./support/client-at";
import { callAction } from "./support/server-actions";

const NEW_PASSWORD = "a quite different passphrase";

for (const backend of APP_BACKENDS) {
  describe(`a password change (${backend.name})`, async () => {
    const run = await backend.enabled();
    let app: AppServer;
    beforeAll(async () => {
      if (run) app = await backend.start();
    });
    afterAll(async () => {
      if (run) await app?.stop();
    });

    it.runIf(run)("needs the current password, refuses a common one, and signs out every other browser", async () => {
      const owner = new ClientAt(app.url);
      const email = await signedUp(owner, "password-change");
      const intruder = new ClientAt(app.url);
      expect(await intruder.signInOutcome(email, PASSWORD)).toBe("ok");

      const wrong = await callAction(owner, "/settings/security", "changePasswordAction", { currentPassword: "not the password", newPassword: NEW_PASSWORD });
      expect(wrong.result).toMatchObject({ status: "error", code: "INVALID_CREDENTIALS" });
      const common = await callAction(owner, "/settings/security", "changePasswordAction", { currentPassword: PASSWORD, newPassword: "Password123" });
      expect(common.result).toMatchObject({ status: "error", code: "COMMON_PASSWORD" });
      expect((await intruder.fetch("/api/me")).status).toBe(200);

      const changed = await callAction(owner, "/settings/security", "changePasswordAction", { currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
      expect(changed.result).toMatchObject({ status: "success" });
      expect((await owner.fetch("/api/me")).status).toBe(200);
      expect((await intruder.fetch("/api/me")).status).toBe(401);
      expect(await new ClientAt(app.url).signInOutcome(email, PASSWORD)).not.toBe("ok");
      expect(await new ClientAt(app.url).signInOutcome(email, NEW_PASSWORD)).toBe("ok");
    });
  });
}
