// Threat: under TWO_FACTOR_POLICY=required a new user turns on an authenticator app at sign-in and
// is never shown the backup codes that were just issued (the session upgrade re-rendered the page
// and the pending-only layout sent the browser to the dashboard), so losing the phone locks them
// out. The codes must be shown once, on this page, and stay out of any later page load.
import { totpCodeAt } from "@twostep/core";
import { describe, expect, it } from "vitest";
import { appAndBrowser } from "./support/app-and-browser";
import { openPage } from "./support/browser";
import { newEmail, PASSWORD, signUp } from "./support/flows";

describe("TWO_FACTOR_POLICY=required: enrolling at sign-in shows the backup codes", () => {
  const suite = appAndBrowser({ TWO_FACTOR_POLICY: "required" });

  it.runIf(suite.run)("shows the 10 codes after Turn on, and never again", { timeout: 120_000 }, async () => {
    const { context, page, errors } = await openPage(suite.browser, suite.app.url);
    const email = newEmail("required");
    await signUp(page, email, PASSWORD, "**/verify/enroll");

    await page.getByRole("button", { name: "Set up an authenticator app" }).click();
    const key = page.getByTestId("authenticator-secret");
    await key.waitFor();
    const secret = (await key.getAttribute("data-secret")) ?? "";
    await page.getByLabel("Code from your authenticator app").fill(totpCodeAt(secret, Date.now()));
    await page.getByRole("button", { name: "Turn on" }).click();

    const list = page.getByRole("list", { name: "Backup codes" });
    await list.waitFor();
    const codes = await list.getByRole("listitem").allTextContents();
    expect(codes).toHaveLength(10);
    // A moment later the page is still here: no redirect takes the codes away.
    await page.waitForTimeout(1_500);
    expect(new URL(page.url()).pathname).toBe("/verify/enroll");
    await expect(list.getByRole("listitem").count()).resolves.toBe(10);

    // Continue waits until the codes were saved (downloaded, copied or printed).
    await expect(page.getByRole("button", { name: "Continue" }).isDisabled()).resolves.toBe(true);
    await expect(page.getByRole("link", { name: "Continue" }).count()).resolves.toBe(0);
    await page.getByRole("button", { name: "Download .txt" }).click();
    await page.getByRole("button", { name: "I've saved them" }).click();
    await page.getByRole("link", { name: "Continue" }).click();
    await page.waitForURL("**/dashboard");
    // The dashboard names the factor this user has: an app, no phone.
    const status = (await page.locator("#two-factor-status").textContent()) ?? "";
    expect(status).toContain("a code from your authenticator app");
    expect(status).not.toContain("ending in");

    // A later load of the enrollment page shows no codes: they lived only in that answer.
    await page.goto("/verify/enroll");
    await page.waitForURL("**/dashboard");
    for (const code of codes) expect(await page.content()).not.toContain(code);

    expect(errors).toEqual([]);
    await context.close();
  });
});
