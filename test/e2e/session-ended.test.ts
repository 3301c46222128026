// Threat: a form whose session ended under it (the 10-minute pending window ran out, or the user
// signed out in another tab) crashes into "Something went wrong" — the proxy answered the server
// action's POST with a redirect the client can't follow — and the user is lost. Each form must
// answer "session ended" in place and offer to sign in again with the email kept.
import { randomBytes } from "node:crypto";
import { decode, encode } from "next-auth/jwt";
import type { BrowserContext } from "playwright-core";
import { describe, expect, it } from "vitest";
import { PENDING_SESSION_MINUTES } from "@twostep/core";
import { randomPhone } from "../support/fixtures";
import { seedUser } from "../support/seed-user";
import { appAndBrowserOnPostgres } from "./support/app-and-browser";
import { DESKTOP, openPage, PHONE } from "./support/browser";
import { humanPhone, newEmail, PASSWORD, signIn, signOut, signUp, submitCode } from "./support/flows";
import { latestCode } from "./support/outbox";
import { screenshot } from "./support/screenshots";

const AUTH_SECRET = randomBytes(32).toString("base64url");
const SESSION_COOKIE = "authjs.session-token";

/**
 * Moves the browser's pending session back past its window, as if the user had left the code page
 * open that long: the token is re-sealed with the app's secret, its stage start 1 minute too old.
 */
async function agePendingSession(context: BrowserContext, baseUrl: string) {
  const cookie = (await context.cookies(baseUrl)).find((c) => c.name === SESSION_COOKIE);
  if (!cookie) throw new Error("no session cookie");
  const claims = await decode({ token: cookie.value, secret: AUTH_SECRET, salt: SESSION_COOKIE });
  if (claims?.stage !== "pending") throw new Error("not a pending session");
  const aged = { ...claims, stageSince: Date.now() - (PENDING_SESSION_MINUTES + 1) * 60_000 };
  const value = await encode({ token: aged, secret: AUTH_SECRET, salt: SESSION_COOKIE, maxAge: 24 * 60 * 60 });
  await context.addCookies([{ ...cookie, value }]);
}

describe("a form whose session ended says so and keeps the email", async () => {
  const suite = await appAndBrowserOnPostgres({ AUTH_SECRET });
  const run = suite.run;

  it.runIf(run).each([
    ["desktop", DESKTOP],
    ["phone", PHONE],
  ])("a code typed after the pending window (%s): 'Your sign-in timed out', then sign in again with the email kept", { timeout: 60_000 }, async (label, viewport) => {
    const email = newEmail("timed-out");
    const phone = randomPhone();
    await seedUser(suite.app.databaseUrl!, { email, password: PASSWORD, phone, twoFactor: true });
    const { context, page, errors } = await openPage(suite.browser, suite.app.url);
    await page.setViewportSize(viewport);
    await expect(signIn(page, email)).resolves.toBe("/verify");
    await agePendingSession(context, suite.app.url);

    await submitCode(page, await latestCode(suite.app.url, phone));
    // The answer replaces the form's message element (it carries a link), so find it afresh.
    const ended = page.locator('#verify-message[data-code="SESSION_ENDED"]');
    await ended.waitFor();
    await expect(ended.textContent()).resolves.toContain("Your sign-in timed out. Sign in again.");
    // Still the code page, not the error page.
    expect(new URL(page.url()).pathname).toBe("/verify");
    await expect(page.getByText("Something went wrong").count()).resolves.toBe(0);
    if (label === "desktop") await screenshot(page, "50-verify-timed-out");

    await page.getByRole("link", { name: "Sign in again" }).click();
    await page.waitForURL("**/sign-in?**");
    // Filled in once the page has hydrated (the email waits in this tab's storage, not in the URL).
    await expect.poll(() => page.getByLabel("Email", { exact: true }).inputValue()).toBe(email);
    // Kept for the page, not written into its address (access logs, history, Referer).
    expect(page.url()).not.toContain(email.split("@")[0]!);
    // With the email there, the password is what is left to type.
    await expect(page.getByLabel("Password", { exact: true }).evaluate((field) => field === document.activeElement)).resolves.toBe(true);
    if (label === "desktop") await screenshot(page, "51-sign-in-again");
    await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL("**/verify");
    expect(errors).toEqual([]);
    await context.close();
  });

  it.runIf(run).each([
    ["desktop", DESKTOP],
    ["phone", PHONE],
  ])("a settings form used after signing out in another tab (%s) says so and offers to sign in again", { timeout: 60_000 }, async (label, viewport) => {
    const email = newEmail("other-tab");
    const { context, page, errors } = await openPage(suite.browser, suite.app.url);
    await page.setViewportSize(viewport);
    await signUp(page, email);
    await page.goto("/settings/security");

    const otherTab = await context.newPage();
    await otherTab.goto("/dashboard");
    await signOut(otherTab);
    await otherTab.close();

    await page.getByRole("textbox", { name: "Phone number" }).fill(humanPhone(randomPhone()));
    await page.getByRole("button", { name: "Send code", exact: true }).click();
    const ended = page.locator('#phone-message[data-code="SESSION_ENDED"]');
    await ended.waitFor();
    await expect(ended.textContent()).resolves.toMatch(/You are signed out .*Sign in again\./);
    expect(new URL(page.url()).pathname).toBe("/settings/security");
    if (label === "desktop") await screenshot(page, "52-settings-signed-out-elsewhere");

    await page.getByRole("link", { name: "Sign in again" }).click();
    await page.waitForURL("**/sign-in?**");
    await expect.poll(() => page.getByLabel("Email", { exact: true }).inputValue()).toBe(email);
    expect(page.url()).not.toContain(email.split("@")[0]!);
    // Kept once: a reload of the sign-in page (or the next visitor of this tab) starts empty.
    await page.reload({ waitUntil: "networkidle" });
    await expect(page.getByLabel("Email", { exact: true }).inputValue()).resolves.toBe("");
    expect(errors).toEqual([]);
    await context.close();
  });
});
