// Behaviour: each simulated-trouble test number (docs/test-numbers.md) does in a real browser what
// its row promises, so people can rehearse their own UX with it — 0191 (provider 5xx) fails the
// send with SEND_FAILED and 0193 (fraud block) with PHONE_BLOCKED_BY_PROVIDER, and nothing arrives; 0192's code arrives only after
// its delay and then works; 0190's code never arrives and the code page says the SMS could not be
// delivered, offering a new code or a backup code.
// A production build with SMS_TEST_NUMBERS=enabled (off by default there). A 2FA user whose phone
// is 0190 or 0191 can't be made through the UI (its code never comes), so those are written
// straight into a fresh PostgreSQL database; without PostgreSQL only the settings tests run.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliveryProblemMessage, describeEnrollmentFailure, enrollmentDeliveryProblemMessage, errorMessages } from "@twostep/core";
import { DELAYED_DELIVERY_AFTER_MS, NEVER_DELIVERED_AFTER_MS } from "@twostep/core/test-numbers";
import { startAppServer, type AppServer } from "../support/app-server";
import { seedUser } from "../support/seed-user";
import { postgresAvailable } from "../support/services";
import { chromiumAvailable, launchBrowser, openPage, type TestBrowser } from "./support/browser";
import { humanPhone, newEmail, nextAnswer, PASSWORD, signIn, signUp, submitCode, toast } from "./support/flows";
import { latestCode, outboxMessages } from "./support/outbox";
import { screenshot } from "./support/screenshots";

const NEVER_DELIVERED = "+12015550190";
const PROVIDER_ERROR = "+12015550191";
const DELAYED_DELIVERY = "+12015550192";
const BLOCKED_AS_FRAUD = "+12015550193";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("the simulated-trouble test numbers, in a browser", async () => {
  const run = chromiumAvailable();
  const withPostgres = run && (await postgresAvailable());
  let app: AppServer;
  let chromium: TestBrowser;

  beforeAll(async () => {
    if (!run) return;
    const env: Record<string, string> = { SMS_TEST_NUMBERS: "enabled" };
    [app, chromium] = await Promise.all([startAppServer(env, { freshPostgres: withPostgres }), launchBrowser()]);
  });
  afterAll(async () => {
    await chromium?.close();
    await app?.stop();
  });

  /** On /settings/security: types `phone` and presses "Send code". */
  async function sendEnrollmentCode(page: Page, phone: string) {
    await page.getByRole("textbox", { name: "Phone number" }).fill(humanPhone(phone));
    await page.getByRole("button", { name: "Send code", exact: true }).click();
  }

  /** A fresh browser on /verify for a seeded 2FA user whose phone is `phone` (the password step sent the code). */
  async function pendingUserWithPhone(phone: string, tag: string) {
    const email = newEmail(tag);
    await seedUser(app.databaseUrl!, { email, password: PASSWORD, phone, twoFactor: true });
    const opened = await openPage(chromium.browser, app.url);
    await expect(signIn(opened.page, email)).resolves.toBe("/verify");
    return opened;
  }

  it.runIf(run)("0191 and 0193: Send code fails at once with advice for a new number, and no code arrives", { timeout: 30_000 }, async () => {
    const { context, page, errors } = await openPage(chromium.browser, app.url);
    await signUp(page, newEmail("send-failed"));
    await page.goto("/settings/security");
    const message = page.locator("#phone-message");
    for (const [phone, code] of [[PROVIDER_ERROR, "SEND_FAILED"], [BLOCKED_AS_FRAUD, "PHONE_BLOCKED_BY_PROVIDER"]] as const) {
      const answer = await nextAnswer(message, () => sendEnrollmentCode(page, phone));
      expect(answer.code).toBe(code);
      // Enrollment advice: try again or another number (a fraud block: another number); no backup codes exist yet to point to.
      expect(answer.text).toBe(describeEnrollmentFailure({ code }));
      expect(answer.text).not.toMatch(/backup code/);
      // Only the fraud block is the number's fault; a provider's 5xx is not.
      await expect(page.getByRole("textbox", { name: "Phone number" }).getAttribute("aria-invalid")).resolves.toBe(code === "PHONE_BLOCKED_BY_PROVIDER" ? "true" : null);
      if (phone === BLOCKED_AS_FRAUD) await screenshot(page, "65-test-number-fraud-blocked-enrollment");
      // Still the number form: no code is waiting to be entered.
      await expect(page.getByLabel("Verification code").count()).resolves.toBe(0);
      expect(await outboxMessages(app.url, phone)).toEqual([]);
    }
    await screenshot(page, "60-test-number-send-failed");
    expect(errors).toEqual([]);
    await context.close();
  });

  it.runIf(run)("0192: the code is not there at first, arrives after the delay, and verifies the number", { timeout: 30_000 }, async () => {
    const { context, page, errors } = await openPage(chromium.browser, app.url);
    await signUp(page, newEmail("delayed"));
    await page.goto("/settings/security");
    const sentAt = Date.now();
    await sendEnrollmentCode(page, DELAYED_DELIVERY);
    await toast(page, `We sent a code to the number ending in ${DELAYED_DELIVERY.slice(-4)}.`).waitFor();
    await page.getByLabel("Verification code").waitFor();
    expect(await outboxMessages(app.url, DELAYED_DELIVERY)).toEqual([]);
    await screenshot(page, "61-test-number-delayed-waiting");

    while ((await outboxMessages(app.url, DELAYED_DELIVERY)).length === 0) {
      if (Date.now() - sentAt > DELAYED_DELIVERY_AFTER_MS + 8_000) throw new Error("0192's code never arrived");
      await sleep(250);
    }
    // Not before the simulated delay (less a margin for the clocks of two processes).
    expect(Date.now() - sentAt).toBeGreaterThanOrEqual(DELAYED_DELIVERY_AFTER_MS - 1_000);
    await submitCode(page, await latestCode(app.url, DELAYED_DELIVERY), "Verify number");
    await toast(page, `Phone number ending in ${DELAYED_DELIVERY.slice(-4)} verified.`).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it.runIf(run)("0190 on settings: no code ever arrives, and the page says the SMS could not be delivered", { timeout: 30_000 }, async () => {
    const { context, page, errors } = await openPage(chromium.browser, app.url);
    await signUp(page, newEmail("never-settings"));
    await page.goto("/settings/security");
    await sendEnrollmentCode(page, NEVER_DELIVERED);
    await toast(page, `We sent a code to the number ending in ${NEVER_DELIVERED.slice(-4)}.`).waitFor();
    await page.getByLabel("Verification code").waitFor();
    await sleep(NEVER_DELIVERED_AFTER_MS + 1_000);
    expect(await outboxMessages(app.url, NEVER_DELIVERED)).toEqual([]);
    // The ways out stay offered: another code to the same number, or a different number.
    await page.reload();
    await page.getByRole("alert").filter({ hasText: enrollmentDeliveryProblemMessage }).waitFor();
    await page.getByRole("button", { name: /^Resend code/ }).waitFor();
    await page.getByRole("button", { name: "Use a different number" }).waitFor();
    await screenshot(page, "64-test-number-undelivered-settings");
    expect(errors).toEqual([]);
    await context.close();
  });

  it.runIf(withPostgres)("0190 at sign-in: the code page says the SMS could not be delivered and offers a way out", { timeout: 30_000 }, async () => {
    const { context, page, errors } = await pendingUserWithPhone(NEVER_DELIVERED, "never-verify");
    await page.getByText(`ending in ${NEVER_DELIVERED.slice(-4)}`).first().waitFor();
    const undelivered = page.getByRole("alert").filter({ hasText: deliveryProblemMessage });
    // The page loaded before the report: it learns of it without a reload (a reload would drop this mark).
    await expect(undelivered.isVisible()).resolves.toBe(false);
    await page.getByTestId("delivery-status").filter({ hasText: "on its way" }).waitFor();
    await screenshot(page, "61-test-number-on-its-way");
    await page.evaluate(() => ((window as unknown as { loadedOnce: boolean }).loadedOnce = true));
    await undelivered.waitFor({ timeout: NEVER_DELIVERED_AFTER_MS + 10_000 });
    await expect(page.evaluate(() => (window as unknown as { loadedOnce?: boolean }).loadedOnce)).resolves.toBe(true);
    // It no longer claims a code was sent to the phone.
    await expect(page.getByText("We sent a 6-digit code").count()).resolves.toBe(0);
    await page.getByRole("button", { name: /^Resend code/ }).waitFor();
    await page.getByRole("link", { name: "Use a backup code instead" }).waitFor();
    expect(await outboxMessages(app.url, NEVER_DELIVERED)).toEqual([]);
    await screenshot(page, "62-test-number-undelivered");

    await page.getByRole("link", { name: "Use a backup code instead" }).click();
    await page.waitForURL("**/verify/backup");
    expect(errors).toEqual([]);
    await context.close();
  });

  it.runIf(withPostgres).each([
    ["0191", PROVIDER_ERROR],
    ["0193", BLOCKED_AS_FRAUD],
  ])("%s at sign-in: the code page says the SMS failed (0193: that the provider won't deliver), and so does Send a code", { timeout: 30_000 }, async (tag, phone) => {
    const { context, page, errors } = await pendingUserWithPhone(phone, `send-failed-${tag}`);
    const said = tag === "0193" ? errorMessages.PHONE_BLOCKED_BY_PROVIDER : errorMessages.SEND_FAILED;
    // The password step's send failed: the page says why, rather than claiming one went out or
    // only that no code is live.
    await page.getByRole("alert").filter({ hasText: "We couldn't send your code" }).filter({ hasText: said }).waitFor();
    await expect(page.getByRole("alert").filter({ hasText: errorMessages.NOT_FOUND }).count()).resolves.toBe(0);
    await page.getByRole("button", { name: "Send a code", exact: true }).click();
    // Said in place, beside the way out (a backup code), not only in a passing toast.
    await page.locator("#resend-sign-in-message").filter({ hasText: said }).waitFor();
    await page.getByRole("link", { name: "backup codes" }).waitFor();
    await page.getByRole("link", { name: "Use a backup code instead" }).waitFor();
    expect(await outboxMessages(app.url, phone)).toEqual([]);
    if (tag === "0191") await screenshot(page, "63-test-number-sign-in-send-failed");
    expect(errors).toEqual([]);
    await context.close();
  });
});
