// Threat: around the code step a person loses their way — a half-finished sign-in they can't get
// back to, a home page that asks a signed-in user to sign in, a mistyped password they can't
// see, an error that follows them onto the next page. Each page must keep them on the path.
import { describe, expect, it } from "vitest";
import { errorMessages } from "@twostep/core";
import { randomPhone } from "../support/fixtures";
import { seedUser } from "../support/seed-user";
import { appAndBrowserOnPostgres } from "./support/app-and-browser";
import { openPage } from "./support/browser";
import { newEmail, PASSWORD, signIn, signUp, toast } from "./support/flows";
import { screenshot } from "./support/screenshots";

describe("around the code step", async () => {
  const suite = await appAndBrowserOnPostgres();
  const run = suite.run;

  it.runIf(run)("/sign-in with a pending session offers to continue; the home page sends a session on", { timeout: 60_000 }, async () => {
    const email = newEmail("continue");
    await seedUser(suite.app.databaseUrl!, { email, password: PASSWORD, phone: randomPhone(), twoFactor: true });
    const { context, page, errors } = await openPage(suite.browser, suite.app.url);
    await expect(signIn(page, email)).resolves.toBe("/verify");
    await page.goto("/sign-in");
    await page.getByRole("link", { name: `Continue signing in as ${email}` }).waitFor();
    await screenshot(page, "70-sign-in-continue");
    await page.getByRole("link", { name: `Continue signing in as ${email}` }).click();
    await page.waitForURL("**/verify");
    await page.goto("/");
    await page.waitForURL("**/verify");
    expect(errors).toEqual([]);
    await context.close();
  });

  it.runIf(run)("a wrong password is said once, in place, on both fields; it can be shown; no toast follows to the dashboard", { timeout: 60_000 }, async () => {
    const email = newEmail("toggle");
    const { context, page, errors } = await openPage(suite.browser, suite.app.url);
    await signUp(page, email);
    await page.goto("/");
    await page.waitForURL("**/dashboard");
    await page.getByRole("button", { name: "Sign out" }).first().click();
    await page.waitForURL("**/sign-in?signed-out=1");
    await toast(page, "You are signed out.").waitFor();

    const password = page.getByLabel("Password", { exact: true });
    await page.getByLabel("Email", { exact: true }).fill(email);
    await password.fill("not the password");
    await page.getByRole("button", { name: "Show password" }).click();
    await expect(password.getAttribute("type")).resolves.toBe("text");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.locator('#sign-in-message[data-code="INVALID_CREDENTIALS"]').waitFor();
    await expect(page.getByLabel("Email", { exact: true }).getAttribute("aria-invalid")).resolves.toBe("true");
    await expect(password.getAttribute("aria-invalid")).resolves.toBe("true");
    // Said in place (and focused there), not again in a toast.
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("sign-in-message");
    await expect(toast(page, errorMessages.INVALID_CREDENTIALS).count()).resolves.toBe(0);
    await screenshot(page, "71-sign-in-wrong-password");

    await password.fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL("**/dashboard");
    // Gone as the page changes, well before any toast would time out (5 s).
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=toast]").length === 0, null, { timeout: 1_500 });
    expect(errors).toEqual([]);
    await context.close();
  });
});
