// Threat: throwaway accounts send enrollment codes to numbers nobody verifies until the
// SMS-pumping guard pauses the whole country, cutting off every verified user there from their
// sign-in codes. Enrollment codes don't count toward the conversion the guard judges and have
// their own share of the country's budget; a pause never stops codes to numbers verified before
// it began; a refused send says when to try again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SMS_COUNTRY_HOURLY_BUDGET_DEFAULT, SMS_ENROLLMENT_BUDGET_PERCENT_DEFAULT } from "@twostep/core";
import type { AppServer } from "../support/app-server";
import { randomPhone } from "../support/fixtures";
import { APP_BACKENDS } from "./support/app-backends";
import { ClientAt, PASSWORD, signedUp, turnOnTwoFactor } from "./support/client-at";
import { callAction } from "./support/server-actions";

const ENROLLMENT_SHARE = Math.floor((SMS_COUNTRY_HOURLY_BUDGET_DEFAULT * SMS_ENROLLMENT_BUDGET_PERCENT_DEFAULT) / 100);

for (const backend of APP_BACKENDS) {
  describe(`throwaway accounts can't pause SMS for verified users: ${backend.name}`, async () => {
    const run = await backend.enabled();

    /** A verified +1 user with 2FA on, and the browser they did it in. */
    async function verifiedUser(url: string) {
      const browser = new ClientAt(url);
      const email = await signedUp(browser, "verified");
      const phone = randomPhone();
      await turnOnTwoFactor(browser, phone);
      return { email, phone };
    }

    /** The password step on a new browser; the sign-in code it sent, or null. */
    async function signInCode(url: string, user: { email: string; phone: string }) {
      const browser = new ClientAt(url);
      const before = (await browser.outbox(user.phone)).length;
      expect(await browser.signInOutcome(user.email, PASSWORD)).toBe("ok");
      const after = (await browser.outbox(user.phone)).length;
      return { browser, sent: after > before };
    }

    describe("about 30 unverified enrollment sends to +1", () => {
      let app: AppServer;
      beforeAll(async () => {
        if (run) app = await backend.start();
      });
      afterAll(async () => {
        await app?.stop();
      });

      it.runIf(run)("don't stop a verified +1 user's sign-in code, and stop at their own budget with a retry time", { timeout: 180_000 }, async () => {
        const user = await verifiedUser(app.url);
        const answers = [];
        for (let i = 0; i < 30; i++) {
          const throwaway = new ClientAt(app.url);
          await signedUp(throwaway, `throwaway${i}`);
          answers.push((await callAction(throwaway, "/settings/security", "beginPhoneEnrollmentAction", { phone: randomPhone() })).result);
        }
        // The user's own enrollment took one of the share.
        expect(answers.filter((a) => a?.status === "success")).toHaveLength(ENROLLMENT_SHARE - 1);
        for (const refused of answers.filter((a) => a?.status !== "success")) {
          expect(refused).toMatchObject({ status: "error", code: "RATE_LIMITED" });
          expect(refused!.message).toMatch(/Try again in \d+ (seconds?|minutes?|hours?)\./);
        }

        const { browser, sent } = await signInCode(app.url, user);
        expect(sent).toBe(true);
        const verified = await callAction(browser, "/verify", "verifySignInCodeAction", { code: await browser.latestCode(user.phone) });
        expect(verified.redirect).toMatch(/^\/dashboard\b/);
      });
    });

    describe("a pause that did begin (sign-in codes nobody typed in)", () => {
      let app: AppServer;
      beforeAll(async () => {
        if (run) app = await backend.start({ SMS_PUMPING_MIN_SENDS: "3" });
      });
      afterAll(async () => {
        await app?.stop();
      });

      it.runIf(run)("spares numbers verified before it, refuses new numbers with the time to wait", { timeout: 120_000 }, async () => {
        const users = [await verifiedUser(app.url), await verifiedUser(app.url), await verifiedUser(app.url), await verifiedUser(app.url)];
        // Three sign-in codes nobody types in: conversion 0 of 3, so +1 is paused.
        for (const user of users.slice(0, 3)) expect((await signInCode(app.url, user)).sent).toBe(true);

        const stranger = new ClientAt(app.url);
        await signedUp(stranger, "after-pause");
        const refused = (await callAction(stranger, "/settings/security", "beginPhoneEnrollmentAction", { phone: randomPhone() })).result;
        expect(refused).toMatchObject({ status: "error", code: "COUNTRY_PAUSED" });
        // When, said once: "… or try again in 1 hour.", not "… or try again later. Try again in 1 hour."
        expect(refused!.message).toMatch(/, or try again in (60 minutes|1 hour)\.$/);
        expect(String(refused!.message).match(/try again/gi)).toHaveLength(1);

        // The fourth user proved their phone before the pause: the sign-in code still goes, and works.
        const { browser, sent } = await signInCode(app.url, users[3]!);
        expect(sent).toBe(true);
        const verified = await callAction(browser, "/verify", "verifySignInCodeAction", { code: await browser.latestCode(users[3]!.phone) });
        expect(verified.redirect).toMatch(/^\/dashboard\b/);
      });
    });
  });
}
