// Threat: the authenticator app is a factor on paper only, or choosing it still costs an SMS. A
// browser enrolls an app (computing codes from the key the page shows, as an app would), signs in
// with the app's code while the outbox stays unchanged, then signs in again through "Try another
// way" with an SMS.
import { totpCodeAt, totpStepAt } from "@twostep/core";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { randomPhone } from "../support/fixtures";
import { appAndBrowser } from "./support/app-and-browser";
import { openPage } from "./support/browser";
import { humanPhone, newEmail, PASSWORD, signOut, signUp, submitCode, toast } from "./support/flows";
import { latestCode, outboxMessages } from "./support/outbox";

/** The password step alone; the app decides which code page comes next. */
async function passwordStep(page: Page, email: string): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/** A code from a 30-second step after `usedStep`: each step's code is accepted once. */
async function freshAppCode(secret: string, usedStep: number): Promise<{ code: string; step: number }> {
  while (totpStepAt(Date.now()) <= usedStep) await new Promise((resolve) => setTimeout(resolve, 500));
  const now = Date.now();
  return { code: totpCodeAt(secret, now), step: totpStepAt(now) };
}

describe("an authenticator app as the second factor, in a browser", () => {
  const suite = appAndBrowser();

  it.runIf(suite.run)("enrolls an app, signs in with its code without an SMS, then with SMS through Try another way", { timeout: 150_000 }, async () => {
    const { context, page, errors } = await openPage(suite.browser, suite.app.url);
    const email = newEmail("app");
    const phone = randomPhone();
    await signUp(page, email);

    // Enrollment: the key is on the page; the app is on only after its first code.
    await page.goto("/settings/security");
    const section = page.locator("#authenticators");
    await section.getByLabel("Name for this app").fill("Phone app");
    await section.getByRole("button", { name: "Set up an authenticator app" }).click();
    const key = section.getByTestId("authenticator-secret");
    await key.waitFor();
    const secret = (await key.getAttribute("data-secret")) ?? "";
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await expect(section.locator("svg").count()).resolves.toBeGreaterThan(0);
    const enrolledAt = Date.now();
    await section.getByLabel("Code from your authenticator app").fill(totpCodeAt(secret, enrolledAt));
    await section.getByRole("button", { name: "Turn on" }).click();
    await page.getByRole("list", { name: "Backup codes" }).waitFor();
    await page.reload();
    await expect(section.getByTestId("authenticator-row").textContent()).resolves.toContain("Phone app");

    // A phone as well, so "Try another way" has SMS to offer (2FA is on: the phone section's own button).
    const phoneSection = page.getByRole("region", { name: "Phone number" });
    await phoneSection.getByRole("textbox", { name: "Phone number" }).fill(humanPhone(phone));
    await phoneSection.getByRole("button", { name: "Send code", exact: true }).click();
    await phoneSection.getByLabel("Verification code").waitFor();
    // Six digits submit the field on their own.
    await phoneSection.getByLabel("Verification code").fill(await latestCode(suite.app.url, phone));
    await toast(page, `Phone number ending in ${phone.slice(-4)} verified.`).waitFor();
    await signOut(page);

    // Sign-in asks for the app: no SMS goes out.
    const sentBefore = (await outboxMessages(suite.app.url, phone)).length;
    await passwordStep(page, email);
    await page.waitForURL("**/verify/app");
    const first = await freshAppCode(secret, totpStepAt(enrolledAt));
    await page.getByLabel("Code from your authenticator app").fill(first.code);
    await page.getByRole("button", { name: "Verify and sign in" }).click();
    await page.waitForURL("**/dashboard");
    await expect(outboxMessages(suite.app.url, phone).then((m) => m.length)).resolves.toBe(sentBefore);

    // The same code again is refused on the next sign-in: each step works once.
    await signOut(page);
    await passwordStep(page, email);
    await page.waitForURL("**/verify/app");
    await page.getByLabel("Code from your authenticator app").fill(first.code);
    await page.getByRole("button", { name: "Verify and sign in" }).click();
    await toast(page, /not right/).first().waitFor();
    expect(new URL(page.url()).pathname).toBe("/verify/app");
    await expect(outboxMessages(suite.app.url, phone).then((m) => m.length)).resolves.toBe(sentBefore);

    // Try another way → SMS: only now is a code sent.
    await page.getByRole("link", { name: "Try another way" }).click();
    await page.waitForURL("**/verify/other");
    await page.getByRole("button", { name: "Text a code to my phone" }).click();
    await page.waitForURL(/\/verify$/);
    await expect(outboxMessages(suite.app.url, phone).then((m) => m.length)).resolves.toBe(sentBefore + 1);
    await submitCode(page, await latestCode(suite.app.url, phone));
    await page.waitForURL("**/dashboard");

    expect(errors).toEqual([]);
    await context.close();
  });
});
