// Threat: a person stuck at the code step gives up or gets misled — the page must say plainly
// when the code expired, the account is locked (and until when), the SMS was not delivered, or
// no code is live, and offer the way out (a new code, a backup code) without sending on its own.
// State that takes minutes or a carrier to produce is written straight into PostgreSQL.
import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { describeFailure, deliveryProblemMessage, errorMessages } from "@twostep/core";
import { randomPhone } from "../support/fixtures";
import { seedUser } from "../support/seed-user";
import { carriesPageRender } from "../http/support/server-actions";
import { appAndBrowserOnPostgres } from "./support/app-and-browser";
import { openPage } from "./support/browser";
import { nextAnswer, newEmail, PASSWORD, signIn, submitCode, toast } from "./support/flows";
import { latestCode, wrongCode } from "./support/outbox";
import { screenshot } from "./support/screenshots";

/** The look of the button that leads (button-styles.ts "primary"): the page's next step. */
const leads = async (button: Locator) => ((await button.getAttribute("class")) ?? "").includes("bg-indigo-600");

/**
 * Each time the server renders /verify again for an open page: an action's answer that carries
 * the page (refresh() in the action), or the page fetched anew (router.refresh()). Prefetches of
 * the links to other pages are not renders of this one.
 */
async function pageRenders(page: Page): Promise<string[]> {
  const renders: string[] = [];
  // Through a route, not the "response" event: Chromium may drop a streamed body before the test
  // asks for it (response.text() then fails with "No data found"), and a body never read would
  // count as no render. Here Playwright fetches the whole answer, reads it, then hands it over.
  await page.route((url) => url.pathname === "/verify", async (route) => {
    const request = route.request();
    const headers = request.headers();
    const action = request.method() === "POST" && headers["next-action"] !== undefined;
    const render = headers["rsc"] !== undefined && headers["next-router-prefetch"] === undefined;
    if (!action && !render) return route.continue();
    const response = await route.fetch();
    if (!action) renders.push(`${request.method()} /verify`);
    else if (carriesPageRender(await response.text())) renders.push("action answer with the page");
    await route.fulfill({ response });
  });
  return renders;
}

describe("the code page explains every state of the code", async () => {
  const suite = await appAndBrowserOnPostgres();
  const run = suite.run;

  /** A user with 2FA on, signed in with the password in a fresh browser: on /verify with one code sent. */
  async function pendingUser(tag: string) {
    const email = newEmail(tag);
    const phone = randomPhone();
    const user = await seedUser(suite.app.databaseUrl!, { email, password: PASSWORD, phone, twoFactor: true });
    const opened = await openPage(suite.browser, suite.app.url);
    await expect(signIn(opened.page, email)).resolves.toBe("/verify");
    return { ...opened, userId: user.id, phone };
  }

  /** Every SMS the app tried to send to `phone`, whatever became of it. */
  async function smsSentTo(phone: string): Promise<number> {
    const [row] = await suite.sql<{ count: number }[]>`SELECT count(*)::int AS count FROM sms_messages WHERE to_e164 = ${phone}`;
    return row!.count;
  }

  it.runIf(run)("says when the SMS was not delivered, and offers a new code or a backup code", { timeout: 60_000 }, async () => {
    const { context, page, errors, userId, phone } = await pendingUser("undelivered");
    await suite.sql`UPDATE sms_messages SET status = 'undelivered', error_code = '30' WHERE user_id = ${userId}`;
    await page.reload();
    await page.getByRole("alert").filter({ hasText: deliveryProblemMessage }).waitFor();
    await page.getByRole("button", { name: /^Resend code/ }).waitFor();
    await page.getByRole("link", { name: "Use a backup code instead" }).waitFor();
    await screenshot(page, "40-verify-undelivered");
    // Loading and reloading the page sent nothing: still the one SMS of the password step.
    expect(await smsSentTo(phone)).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it.runIf(run)("says when the code expired", { timeout: 60_000 }, async () => {
    const { context, page, errors, userId, phone } = await pendingUser("expired");
    await suite.sql`UPDATE challenges SET expires_at_ms = ${Date.now() - 1000} WHERE user_id = ${userId}`;
    await page.reload();
    await page.getByRole("alert").filter({ hasText: errorMessages.CODE_EXPIRED }).waitFor();
    const message = page.locator("#verify-message");
    await expect(nextAnswer(message, async () => submitCode(page, await latestCode(suite.app.url, phone)))).resolves.toEqual({
      code: "CODE_EXPIRED",
      text: errorMessages.CODE_EXPIRED,
    });
    expect(errors).toEqual([]);
    await context.close();
  });

  /** Four wrong guesses, then the fifth, which kills the code: what the page shows at once. */
  async function killCodeUnderTheForm(page: Page, phone: string) {
    const message = page.locator("#verify-message");
    const wrong = wrongCode(await latestCode(suite.app.url, phone));
    for (const left of [4, 3, 2, 1]) {
      await expect(nextAnswer(message, () => submitCode(page, wrong))).resolves.toEqual({
        code: "INVALID_CODE",
        text: describeFailure({ code: "INVALID_CODE", attemptsLeft: left }),
      });
    }
    await expect(nextAnswer(message, () => submitCode(page, wrong))).resolves.toEqual({ code: "TOO_MANY_ATTEMPTS", text: errorMessages.TOO_MANY_ATTEMPTS });
  }

  /** What the page offers for a dead code, whether its server render or the last answer said so. */
  async function expectDeadCodePage(page: Page) {
    // Said once: the form's answer, or (with no answer on the page) the standing notice.
    await expect(page.getByText(errorMessages.TOO_MANY_ATTEMPTS).count()).resolves.toBe(1);
    await expect(leads(page.getByRole("button", { name: /^Resend code/ }))).resolves.toBe(true);
    await expect(leads(page.getByRole("button", { name: "Verify and sign in" }))).resolves.toBe(false);
    // No news of an SMS whose code can't be used any more.
    await expect(page.getByTestId("delivery-status").count()).resolves.toBe(0);
  }

  it.runIf(run)("the fifth wrong guess shows the dead code at once, without rendering the page again; a reload shows the same", { timeout: 90_000 }, async () => {
    const { context, page, errors, phone } = await pendingUser("dead-code");
    await page.getByTestId("delivery-status").waitFor();
    await expect(leads(page.getByRole("button", { name: "Verify and sign in" }))).resolves.toBe(true);
    const renders = await pageRenders(page);
    await killCodeUnderTheForm(page, phone);
    await expectDeadCodePage(page);
    // Longer than the delivery poll's interval: it stopped with the code, and asked for no render.
    await page.waitForTimeout(2_500);
    expect(renders).toEqual([]);
    await screenshot(page, "44-verify-dead-code");

    await page.reload();
    await page.getByRole("alert").filter({ hasText: errorMessages.TOO_MANY_ATTEMPTS }).waitFor();
    await expectDeadCodePage(page);
    expect(errors).toEqual([]);
    await context.close();
  });

  it.runIf(run)("after a code died under the form, a new code makes the page live again", { timeout: 90_000 }, async () => {
    const { context, page, errors, userId, phone } = await pendingUser("dead-then-new");
    // Let the resend cooldown of the first send lapse without waiting 30 s (the page loaded
    // after it shows no wait on the button).
    await suite.sql`DELETE FROM rate_limits WHERE key LIKE ${`%${userId}:sign_in%`}`;
    await page.reload();
    await killCodeUnderTheForm(page, phone);
    await expectDeadCodePage(page);
    const renders = await pageRenders(page);
    await page.getByRole("button", { name: "Resend code", exact: true }).click();
    await toast(page, `We sent a new code to the number ending in ${phone.slice(-4)}.`).waitFor();
    // The resend's answer renders the page for the new code (which also shows that pageRenders
    // sees a render when there is one).
    await expect.poll(() => renders).toEqual(["action answer with the page"]);
    // The new code is live: Verify leads again, its SMS is followed, and nothing says "dead".
    await page.getByTestId("delivery-status").waitFor();
    await expect(leads(page.getByRole("button", { name: "Verify and sign in" }))).resolves.toBe(true);
    await expect(leads(page.getByRole("button", { name: /^Resend code/ }))).resolves.toBe(false);
    // Nor does the last answer about the old code stay under the field, or keep it marked wrong.
    await expect(page.getByText(errorMessages.TOO_MANY_ATTEMPTS).count()).resolves.toBe(0);
    await expect(page.locator("input[aria-invalid=true]").count()).resolves.toBe(0);
    await submitCode(page, await latestCode(suite.app.url, phone));
    await page.waitForURL("**/dashboard");
    expect(errors).toEqual([]);
    await context.close();
  });

  it.runIf(run)("a lock: one state, a live countdown, and no resend until it ends", { timeout: 60_000 }, async () => {
    const { context, page, errors, userId, phone } = await pendingUser("locked");
    const lockedForMs = 10 * 60_000;
    await suite.sql`INSERT INTO verification_failures (user_id, failures, locked_until_ms, forget_at_ms)
      VALUES (${userId}, 10, ${Date.now() + lockedForMs}, ${Date.now() + 86_400_000})
      ON CONFLICT (user_id) DO UPDATE SET failures = 10, locked_until_ms = EXCLUDED.locked_until_ms`;
    const message = page.locator("#verify-message");
    const sent = await smsSentTo(phone);
    // Even the right code is refused while locked; the answer counts down how long is left.
    const answer = await nextAnswer(message, async () => submitCode(page, await latestCode(suite.app.url, phone)));
    expect(answer.code).toBe("LOCKED");
    expect(answer.text).toMatch(/Verification is paused\.Try again in (10:00|9:5\d) \(at [^)]+\)\./);
    const countdown = page.getByTestId("lock-countdown");
    const shown = async () => {
      const [m, s] = ((await countdown.textContent()) ?? "").split(":").map(Number);
      return m! * 60 + s!;
    };
    const first = await shown();
    await page.waitForTimeout(2_100);
    expect(await shown()).toBeLessThan(first);
    // Nothing that can't work is offered: the field, Verify and Resend wait out the lock.
    await expect(page.getByLabel("Verification code").isDisabled()).resolves.toBe(true);
    await expect(page.getByRole("button", { name: "Verify and sign in" }).isDisabled()).resolves.toBe(true);
    await expect(page.getByRole("button", { name: /^Resend code/ }).isDisabled()).resolves.toBe(true);
    await expect(page.getByText(errorMessages.TOO_MANY_ATTEMPTS).count()).resolves.toBe(0);
    await page.getByRole("link", { name: "Use a backup code instead" }).waitFor();
    await screenshot(page, "41-verify-locked");
    // A reload still shows the lock, not a page that offers a resend.
    await page.reload();
    await countdown.waitFor();
    await expect(page.getByRole("button", { name: /^Resend code/ }).isDisabled()).resolves.toBe(true);
    expect(await smsSentTo(phone)).toBe(sent);
    expect(new URL(page.url()).pathname).toBe("/verify");
    expect(errors).toEqual([]);
    await context.close();
  });

  it.runIf(run)("the hourly SMS cap: the refusal says why and until when, in place, and points to the backup codes", { timeout: 60_000 }, async () => {
    const { context, page, errors, userId, phone } = await pendingUser("sms-cap");
    // Ten codes this hour already (SENDS_PER_USER_PER_HOUR), and the 30 s cooldown over.
    await suite.sql`UPDATE rate_limits SET points = 10 WHERE key LIKE ${`%send:user:${userId}`}`;
    await suite.sql`DELETE FROM rate_limits WHERE key LIKE ${`%${userId}:sign_in%`}`;
    await page.reload();
    const sent = await smsSentTo(phone);
    await page.getByRole("button", { name: "Resend code", exact: true }).click();
    const refusal = page.locator("#resend-sign-in-message");
    await refusal.waitFor();
    await expect(refusal.getAttribute("data-code")).resolves.toBe("RATE_LIMITED");
    await expect(refusal.textContent()).resolves.toMatch(/Try again in (\d+ minutes|1 hour)\.$/);
    await page.getByText(/You can ask for a new code again at .+\./).waitFor();
    await page.getByRole("link", { name: "backup codes" }).waitFor();
    await page.getByRole("button", { name: /^Resend code in \d+ min$/ }).waitFor();
    await expect(page.getByRole("button", { name: /^Resend code/ }).isDisabled()).resolves.toBe(true);
    // Said once, in place: no toast repeats it.
    await expect(toast(page, errorMessages.RATE_LIMITED).count()).resolves.toBe(0);
    await screenshot(page, "43-verify-sms-cap");
    expect(await smsSentTo(phone)).toBe(sent);
    expect(errors).toEqual([]);
    await context.close();
  });

  it.runIf(run)("offers 'Send a code' when no code is live, and sends one only when asked", { timeout: 60_000 }, async () => {
    const { context, page, errors, userId, phone } = await pendingUser("no-code");
    await suite.sql`DELETE FROM challenges WHERE user_id = ${userId}`;
    // Let the resend cooldown of the first send lapse without waiting 30 s.
    await suite.sql`DELETE FROM rate_limits WHERE key LIKE ${`%${userId}:sign_in%`}`;
    await page.reload();
    await page.getByRole("alert").filter({ hasText: errorMessages.NOT_FOUND }).waitFor();
    await screenshot(page, "42-verify-no-code");
    expect(await smsSentTo(phone)).toBe(1);

    await page.getByRole("button", { name: "Send a code", exact: true }).click();
    await toast(page, `We sent a new code to the number ending in ${phone.slice(-4)}.`).waitFor();
    await page.getByText(`ending in ${phone.slice(-4)}`).first().waitFor();
    expect(await smsSentTo(phone)).toBe(2);
    await submitCode(page, await latestCode(suite.app.url, phone));
    await page.waitForURL("**/dashboard");
    expect(errors).toEqual([]);
    await context.close();
  });
});
