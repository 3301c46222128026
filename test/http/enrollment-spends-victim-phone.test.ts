// Threat: strangers in fresh accounts each "enroll" a victim's phone number: the victim gets a
// text for every one, and the sends use up the per-phone budget the victim's own sign-in codes
// need. Codes to a number nobody has proved have a low per-number cap of their own, apart from
// the budget of codes to a verified number of record.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENROLLMENT_SENDS_PER_PHONE_PER_HOUR } from "@twostep/core";
import type { AppServer } from "../support/app-server";
import { randomPhone } from "../support/fixtures";
import { APP_BACKENDS } from "./support/app-backends";
import { ClientAt, PASSWORD, signedUp, turnOnTwoFactor } from "./support/client-at";
import { callAction } from "./support/server-actions";

const STRANGERS = 9;

for (const backend of APP_BACKENDS) {
  describe(`enrollment sends can't use up a victim's phone: ${backend.name}`, async () => {
    const run = await backend.enabled();
    let app: AppServer;
    beforeAll(async () => {
      if (run) app = await backend.start();
    });
    afterAll(async () => {
      await app?.stop();
    });

    it.runIf(run)("nine fresh accounts enroll the victim's number; few texts reach it, and the victim still signs in with an SMS code", { timeout: 120_000 }, async () => {
      const victim = new ClientAt(app.url);
      const email = await signedUp(victim, "victim");
      const phone = randomPhone();
      await turnOnTwoFactor(victim, phone);

      const answers = [];
      for (let i = 0; i < STRANGERS; i++) {
        const stranger = new ClientAt(app.url);
        await signedUp(stranger, `stranger${i}`);
        answers.push((await callAction(stranger, "/settings/security", "beginPhoneEnrollmentAction", { phone })).result);
      }
      // The victim's own enrollment took one of the number's enrollment sends; strangers get the rest, then a wait.
      const sent = answers.filter((a) => a?.status === "success").length;
      expect(sent).toBe(ENROLLMENT_SENDS_PER_PHONE_PER_HOUR - 1);
      for (const refused of answers.filter((a) => a?.status !== "success")) {
        expect(refused).toMatchObject({ status: "error", code: "RATE_LIMITED" });
        expect(refused!.message).toMatch(/Try again in \d+ (seconds?|minutes?|hours?)\./);
      }
      expect(await victim.outbox(phone)).toHaveLength(ENROLLMENT_SENDS_PER_PHONE_PER_HOUR);

      // The victim signs in on another browser: the sign-in code goes out and works.
      const signingIn = new ClientAt(app.url);
      expect(await signingIn.signInOutcome(email, PASSWORD)).toBe("ok");
      expect(await signingIn.session()).toMatchObject({ stage: "pending" });
      expect(await signingIn.outbox(phone)).toHaveLength(ENROLLMENT_SENDS_PER_PHONE_PER_HOUR + 1);
      const verified = await callAction(signingIn, "/verify", "verifySignInCodeAction", { code: await signingIn.latestCode(phone) });
      expect(verified.redirect).toMatch(/^\/dashboard\b/);
      expect(await signingIn.session()).toMatchObject({ stage: "full" });
    });
  });
}
