// Threat: the security settings mislead or lose what a person did. (1) Backup codes shown once are
// dropped without a word when a link to another page is followed, or the person signs out, before
// they were saved. (2) A
// user whose only factor is an authenticator app is told of SMS codes to "your phone ending in
// null" and offered a turn-off form whose "Send code" can never work. (3) A too-short new password
// is refused with "Some details are missing…", the field not marked, both fields wiped, the
// message said twice (in place and in a toast).
import { totpCodeAt } from "@twostep/core";
import { describe, expect, it } from "vitest";
import { appAndBrowser } from "./support/app-and-browser";
import { openPage } from "./support/browser";
import { newEmail, PASSWORD, signUp, toast } from "./support/flows";

describe("security settings, for a user whose only factor is an authenticator app", () => {
  const suite = appAndBrowser();

  it.runIf(suite.run)("asks before a link or signing out drops unsaved codes, words 2FA by the app, and keeps a refused password change", { timeout: 120_000 }, async () => {
    const { context, page, errors } = await openPage(suite.browser, suite.app.url);
    await signUp(page, newEmail("app-only"));
    await page.goto("/settings/security");
    const apps = page.locator("#authenticators");
    await apps.getByLabel("Name for this app").fill("Phone app");
    await apps.getByRole("button", { name: "Set up an authenticator app" }).click();
    const key = apps.getByTestId("authenticator-secret");
    await key.waitFor();
    await apps.getByLabel("Code from your authenticator app").fill(totpCodeAt((await key.getAttribute("data-secret")) ?? "", Date.now()));
    await apps.getByRole("button", { name: "Turn on" }).click();
    const codes = page.getByRole("list", { name: "Backup codes" });
    await codes.waitFor();

    // (1) A link to another page of the app asks first; declining (openPage's handler dismisses
    // every dialog but beforeunload) stays with the codes.
    const asked: string[] = [];
    page.on("dialog", (dialog) => void asked.push(dialog.type()));
    await page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "Dashboard" }).click();
    await expect.poll(() => asked).toEqual(["confirm"]);
    await page.waitForTimeout(500);
    expect(new URL(page.url()).pathname).toBe("/settings/security");
    await expect(codes.getByRole("listitem").count()).resolves.toBe(10);
    // Signing out would drop them too: it asks, and declining keeps the session and the codes.
    await page.getByRole("button", { name: "Sign out" }).first().click();
    await expect.poll(() => asked).toEqual(["confirm", "confirm"]);
    await page.waitForTimeout(500);
    expect(new URL(page.url()).pathname).toBe("/settings/security");
    await expect(codes.getByRole("listitem").count()).resolves.toBe(10);
    await expect(page.request.get("/api/auth/session").then((r) => r.json())).resolves.toMatchObject({ stage: "full" });
    // Once saved, links work without asking.
    await page.getByRole("button", { name: "Download .txt" }).click();
    await page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "Dashboard" }).click();
    await page.waitForURL("**/dashboard");
    expect(asked).toEqual(["confirm", "confirm"]);

    // (2) Worded by the factor: no phone to name, no SMS turn-off form.
    const dashboard = (await page.locator("#two-factor-status").textContent()) ?? "";
    expect(dashboard).toContain("a code from your authenticator app");
    expect(dashboard).not.toMatch(/ending in|phone/);
    await page.goto("/settings/security");
    const twoFactor = page.locator("#two-factor");
    const text = (await twoFactor.textContent()) ?? "";
    expect(text).not.toMatch(/null|ending in/);
    expect(text).toContain("a code from your authenticator app");
    await expect(twoFactor.getByRole("button", { name: /Send code/ }).count()).resolves.toBe(0);
    await expect(twoFactor.getByRole("link", { name: "Authenticator apps" }).count()).resolves.toBe(1);

    // (3) A too-short new password: the browser says so first (minLength), with the hint.
    const section = page.locator("#password");
    const current = section.getByLabel("Current password");
    const next = section.getByLabel("New password");
    await current.fill(PASSWORD);
    await next.fill("short");
    await expect(next.evaluate((input: HTMLInputElement) => input.validity.tooShort || input.validity.valid === false)).resolves.toBe(true);
    await section.getByText("At least 8 characters.", { exact: false }).waitFor();
    // Past the browser's check (as without it), the server's answer names the field and what to change.
    await next.evaluate((input: HTMLInputElement) => input.removeAttribute("minlength"));
    await section.getByRole("button", { name: "Change password" }).click();
    const message = section.locator("#password-message");
    await message.filter({ hasText: "at least 8 characters" }).waitFor();
    await expect(next.getAttribute("aria-invalid")).resolves.toBe("true");
    await expect(current.getAttribute("aria-invalid")).resolves.toBeNull();
    // What was typed is still there, and the message is said once (no toast).
    await expect(current.inputValue()).resolves.toBe(PASSWORD);
    await expect(next.inputValue()).resolves.toBe("short");
    await page.waitForTimeout(500);
    await expect(toast(page, "at least 8 characters").count()).resolves.toBe(0);

    expect(errors).toEqual([]);
    await context.close();
  });
});
