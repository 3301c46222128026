// Threat: guessing the SMS code, or flooding a phone with codes — the page must not let a code
// take more than five wrong guesses, nor send a new code before the server's cooldown ends.
import { describe, expect, it } from "vitest";
import { describeFailure, errorMessages } from "@twostep/core";
import { appAndBrowser } from "./support/app-and-browser";
import { openPage } from "./support/browser";
import { createTwoFactorUser, nextAnswer, signIn, submitCode } from "./support/flows";
import { latestCode, outboxMessages, wrongCode } from "./support/outbox";
import { screenshot } from "./support/screenshots";

describe("code guesses and resends are limited", () => {
  const suite = appAndBrowser();
  const run = suite.run;

  it.runIf(run)("kills a code after five wrong guesses: the right code then fails with 'too many'", { timeout: 90_000 }, async () => {
    const { context, page, errors } = await openPage(suite.browser, suite.app.url);
    const user = await createTwoFactorUser(page, suite.app.url, "guesses");
    await signIn(page, user.email);
    const right = await latestCode(suite.app.url, user.phone);
    const message = page.locator("#verify-message");

    for (const left of [4, 3, 2, 1]) {
      await expect(nextAnswer(message, () => submitCode(page, wrongCode(right)))).resolves.toEqual({
        code: "INVALID_CODE",
        text: describeFailure({ code: "INVALID_CODE", attemptsLeft: left }),
      });
    }
    // The fifth wrong guess is the last one the code takes; after it even the right code fails.
    for (const guess of [wrongCode(right), right]) {
      await expect(nextAnswer(message, () => submitCode(page, guess))).resolves.toEqual({
        code: "TOO_MANY_ATTEMPTS",
        text: errorMessages.TOO_MANY_ATTEMPTS,
      });
    }
    expect(new URL(page.url()).pathname).toBe("/verify");
    // After a reload the page still says the code is dead, and offers a new one.
    await page.reload();
    await page.getByRole("alert").filter({ hasText: errorMessages.TOO_MANY_ATTEMPTS }).waitFor();
    await page.getByRole("button", { name: /^Resend code/ }).waitFor();
    await screenshot(page, "20-verify-too-many");
    await expect(context.request.get("/api/me").then((r) => r.status())).resolves.toBe(401);
    expect(errors).toEqual([]);
    await context.close();
  });

  it.runIf(run)("shows the cooldown on the resend button, and the server refuses a forced resend", { timeout: 90_000 }, async () => {
    const { context, page, errors } = await openPage(suite.browser, suite.app.url);
    const user = await createTwoFactorUser(page, suite.app.url, "cooldown");
    await signIn(page, user.email);
    const sent = (await outboxMessages(suite.app.url, user.phone)).length;

    const resend = page.getByRole("button", { name: /^Resend code in \d+s$/ });
    await resend.waitFor();
    await expect(resend.isDisabled()).resolves.toBe(true);
    const secondsShown = async () => Number((await resend.textContent())?.match(/in (\d+)s/)?.[1]);
    const first = await secondsShown();
    expect(first).toBeGreaterThan(20);
    expect(first).toBeLessThanOrEqual(30);
    await page.waitForTimeout(2_100);
    expect(await secondsShown()).toBeLessThan(first);
    await screenshot(page, "21-verify-resend-cooldown");

    // A client that ignores the disabled button (or a script) submits anyway: the server says no.
    await resend.evaluate((button) => (button as HTMLButtonElement).form!.requestSubmit());
    // The refusal is said in place, beside the button (code-page states: no toast for it).
    await page.locator("#resend-sign-in-message").filter({ hasText: errorMessages.RATE_LIMITED }).waitFor();
    expect((await outboxMessages(suite.app.url, user.phone)).length).toBe(sent);
    // Reloading shows the server's remaining wait, not a fresh 30 s.
    await page.reload();
    await resend.waitFor();
    expect(await secondsShown()).toBeLessThan(first);
    expect(errors).toEqual([]);
    await context.close();
  });
});
