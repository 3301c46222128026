// Threat: the second factor exists on paper only — a browser finishes sign-in without the SMS
// code, or the flow a real person follows (sign up, add a phone, turn 2FA on, sign in with the
// code) breaks. This walks that flow in Chromium, screenshotting every page at both widths.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { randomPhone } from "../support/fixtures";
import { appAndBrowser } from "./support/app-and-browser";
import { openPage } from "./support/browser";
import { enableTwoFactor, humanPhone, newEmail, PASSWORD, signIn, signOut, signUp, toast } from "./support/flows";
import { latestCode, outboxMessages } from "./support/outbox";
import { screenshot } from "./support/screenshots";

describe("sign-in with an SMS second factor, in a browser", () => {
  const suite = appAndBrowser();
  const run = suite.run;

  it.runIf(run)("signs up, verifies a phone, turns 2FA on, and signs in again with the code from the SMS", { timeout: 120_000 }, async () => {
    const { context, page, errors } = await openPage(suite.browser, suite.app.url);
    const email = newEmail("happy");
    const phone = randomPhone();
    const lastFour = phone.slice(-4);

    await page.goto("/");
    await screenshot(page, "01-home");

    await page.goto("/sign-up");
    await screenshot(page, "02-sign-up");
    await signUp(page, email);
    await expect(page.getByTestId("signed-in-email").textContent()).resolves.toBe(email);
    await screenshot(page, "03-dashboard-2fa-off");

    await page.getByRole("link", { name: "Set up two-factor authentication" }).click();
    await page.waitForURL("**/settings/security");
    await screenshot(page, "04-security-no-phone");

    // Enrollment, step by step: the number is not saved until its code comes back.
    await page.getByRole("textbox", { name: "Phone number" }).fill(humanPhone(phone));
    await page.getByRole("button", { name: "Send code", exact: true }).click();
    await toast(page, `We sent a code to the number ending in ${lastFour}.`).waitFor();
    await screenshot(page, "05-security-phone-code");
    const [enrollSms] = await outboxMessages(suite.app.url, phone);
    expect(enrollSms?.body).toMatch(/is your twostep verification code/);
    // Pasting the whole code with a space keeps just the digits, and six digits submit the form.
    const codeField = page.getByLabel("Verification code");
    await expect(codeField.getAttribute("maxlength")).resolves.toBe("6");
    await codeField.evaluate((input, text) => {
      const data = new DataTransfer();
      data.setData("text", text);
      input.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    }, (await latestCode(suite.app.url, phone)).replace(/^(\d{3})/, "$1 "));
    await toast(page, `Phone number ending in ${lastFour} verified.`).waitFor();
    await screenshot(page, "06-security-phone-verified");

    // Turning 2FA on shows the backup codes once, with a download and a copy button.
    const backupCodes = await enableTwoFactor(page);
    expect(backupCodes).toHaveLength(10);
    for (const code of backupCodes) expect(code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    await screenshot(page, "07-security-backup-codes");
    // The panel has the focus (its heading is read out), and can't be waved away before the codes are kept.
    await expect(page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.testid)).resolves.toBe("backup-codes");
    await expect(page.getByRole("button", { name: "I've saved them" }).isDisabled()).resolves.toBe(true);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download .txt" }).click()]);
    expect(download.suggestedFilename()).toBe("twostep-backup-codes.txt");
    const saved = readFileSync((await download.path())!, "utf8");
    for (const code of backupCodes) expect(saved).toContain(code);
    await expect(page.getByRole("button", { name: "Copy codes" }).isVisible()).resolves.toBe(true);
    await page.getByRole("button", { name: "I've saved them" }).click();
    await page.reload();
    await expect(page.getByTestId("backup-codes").count()).resolves.toBe(0);
    await expect(page.locator("#two-factor").getByText("On", { exact: true }).isVisible()).resolves.toBe(true);

    await signOut(page);
    await toast(page, "You are signed out.").waitFor();
    await screenshot(page, "08-sign-in");

    // The password step sends the first code; the code page itself never sends one.
    const sentBefore = (await outboxMessages(suite.app.url, phone)).length;
    await expect(signIn(page, email)).resolves.toBe("/verify");
    await page.getByText(`ending in ${lastFour}`).first().waitFor();
    await screenshot(page, "09-verify");
    expect((await outboxMessages(suite.app.url, phone)).length).toBe(sentBefore + 1);
    await page.reload();
    await page.goto("/verify");
    expect((await outboxMessages(suite.app.url, phone)).length).toBe(sentBefore + 1);

    await page.getByRole("link", { name: "Use a backup code instead" }).click();
    await page.waitForURL("**/verify/backup");
    await screenshot(page, "10-verify-backup");
    await page.getByRole("link", { name: "Use the SMS code instead" }).click();
    await page.waitForURL("**/verify");

    // Six typed digits submit the code page on their own (the button stays for those who want it).
    await page.getByLabel("Verification code").pressSequentially(await latestCode(suite.app.url, phone));
    await page.waitForURL("**/dashboard");
    await expect(page.getByTestId("signed-in-email").textContent()).resolves.toBe(email);
    await expect(page.locator("#two-factor-status").getByText("On", { exact: true }).isVisible()).resolves.toBe(true);
    await screenshot(page, "11-dashboard");

    const me = await context.request.get("/api/me");
    expect(me.status()).toBe(200);
    expect(await me.json()).toEqual({ email, twoFactorEnabled: true });

    await page.getByRole("link", { name: "Security settings" }).click();
    await page.waitForURL("**/settings/security");
    const events = page.getByTestId("security-events");
    for (const line of ["Signed in with an SMS code", "Two-factor authentication turned on", "Phone number changed to", "New backup codes created"]) {
      await events.getByText(line).first().waitFor();
    }
    await screenshot(page, "12-security-2fa-on");

    await page.goto("/dev/outbox");
    await page.getByText(`To ${phone}`).first().waitFor();
    await screenshot(page, "13-dev-outbox");

    const missing = await page.goto("/no-such-page");
    expect(missing?.status()).toBe(404);
    await page.getByRole("heading", { name: "We can't find that page" }).waitFor();
    await screenshot(page, "14-not-found");

    expect(errors).toEqual([]);
    await context.close();
  });

  it.runIf(run)("answers a wrong password and an unknown email with the same message", { timeout: 60_000 }, async () => {
    const { context, page, errors } = await openPage(suite.browser, suite.app.url);
    const email = newEmail("generic");
    await signUp(page, email);
    await signOut(page);

    const messages: string[] = [];
    for (const [who, password] of [[email, "wrong password here"], [newEmail("nobody"), PASSWORD]] as const) {
      await page.goto("/sign-in");
      await page.getByLabel("Email", { exact: true }).fill(who);
      await page.getByLabel("Password", { exact: true }).fill(password);
      await page.getByRole("button", { name: "Sign in", exact: true }).click();
      const message = page.locator("#sign-in-message");
      await message.filter({ hasText: /./ }).waitFor();
      messages.push((await message.textContent()) ?? "");
      expect(new URL(page.url()).pathname).toBe("/sign-in");
      // The email stays filled in, so fixing a typo in the password is quick.
      await expect(page.getByLabel("Email", { exact: true }).inputValue()).resolves.toBe(who);
    }
    expect(messages[0]).toBe("Those details are not right. Check them and try again.");
    expect(messages[1]).toBe(messages[0]);
    await screenshot(page, "15-sign-in-failed");

    // The whole form works from the keyboard, in reading order, with a visible focus ring.
    await page.goto("/sign-in");
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute("name") ?? document.activeElement?.textContent);
    await page.getByLabel("Email", { exact: true }).focus();
    await page.keyboard.type(email);
    await page.keyboard.press("Tab");
    expect(await focused()).toBe("password");
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press("Tab");
    // The show-password toggle sits right after its field.
    expect(await focused()).toBe("Show password");
    // Then the way out for a forgotten password, before the button that submits.
    await page.keyboard.press("Tab");
    expect(await focused()).toBe("Forgot password?");
    await page.keyboard.press("Tab");
    expect(await focused()).toBe("Sign in");
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).toBe("solid");
    await page.keyboard.press("Enter");
    await page.waitForURL("**/dashboard");
    expect(errors).toEqual([]);
    await context.close();
  });
});
