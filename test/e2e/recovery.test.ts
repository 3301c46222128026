// Threat: the ways around the SMS code become the weak spot — a backup code that works twice or
// after it was replaced, or 2FA turned off without the password and a current code.
import { describe, expect, it } from "vitest";
import { errorMessages } from "@twostep/core";
import { appAndBrowser } from "./support/app-and-browser";
import { openPage } from "./support/browser";
import { createTwoFactorUser, PASSWORD, signIn, signOut, submitCode, toast } from "./support/flows";
import { latestCode, outboxMessages, wrongCode } from "./support/outbox";
import { screenshot } from "./support/screenshots";

describe("backup codes and turning 2FA off", () => {
  const suite = appAndBrowser();
  const run = suite.run;

  async function useBackupCode(page: import("playwright-core").Page, code: string) {
    await page.goto("/verify/backup");
    await page.getByLabel("Backup code", { exact: true }).fill(code);
    await page.getByRole("button", { name: "Verify and sign in" }).click();
  }

  it.runIf(run)("signs in with a backup code once; the same code, or a replaced one, fails", { timeout: 120_000 }, async () => {
    const { context, page, errors } = await openPage(suite.browser, suite.app.url);
    const user = await createTwoFactorUser(page, suite.app.url, "backup");
    const [firstCode, secondCode, thirdCode] = user.backupCodes as [string, string, string];

    await signIn(page, user.email);
    // Typed the way people copy from paper: lower case, no dash.
    await useBackupCode(page, firstCode.toLowerCase().replace("-", ""));
    await page.waitForURL("**/dashboard");
    await page.goto("/settings/security");
    await expect(page.getByTestId("backup-codes-left").textContent()).resolves.toBe("9 of 10 backup codes left.");
    await page.getByTestId("security-events").getByText("A backup code was used (9 left)").waitFor();
    await signOut(page);

    await signIn(page, user.email);
    await useBackupCode(page, firstCode);
    const message = page.locator("#backup-message");
    await message.filter({ hasText: errorMessages.INVALID_BACKUP_CODE }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/verify/backup");
    await screenshot(page, "30-verify-backup-used");

    // The code page has nothing to offer here: the password step came within the 30 s resend
    // cooldown of the first sign-in, so no new SMS went out. Another backup code finishes it.
    await useBackupCode(page, secondCode);
    await page.waitForURL("**/dashboard");
    await page.goto("/settings/security");
    const regenerate = page.locator("#backup-codes");
    await regenerate.getByLabel("Password").fill("not my password");
    await regenerate.getByRole("button", { name: "Create new backup codes" }).click();
    await regenerate.locator("#regenerate-message").filter({ hasText: errorMessages.INVALID_CREDENTIALS }).waitFor();
    await regenerate.getByLabel("Password").fill(PASSWORD);
    await regenerate.getByRole("button", { name: "Create new backup codes" }).click();
    const list = regenerate.getByRole("list", { name: "Backup codes" });
    await list.waitFor();
    const fresh = await list.getByRole("listitem").allTextContents();
    expect(fresh).toHaveLength(10);
    expect(fresh).not.toContain(thirdCode);
    await screenshot(page, "31-security-new-backup-codes");
    await page.reload();
    await expect(page.getByTestId("backup-codes-left").textContent()).resolves.toBe("10 of 10 backup codes left.");
    await expect(page.getByTestId("backup-codes").count()).resolves.toBe(0);
    await signOut(page);

    await signIn(page, user.email);
    // Five backup-code tries in this test: the most BACKUP_CODE_TRIES_PER_15_MINUTES allows.
    await useBackupCode(page, thirdCode);
    await message.filter({ hasText: errorMessages.INVALID_BACKUP_CODE }).waitFor();
    await useBackupCode(page, fresh[0]!);
    await page.waitForURL("**/dashboard");
    expect(errors).toEqual([]);
    await context.close();
  });

  it.runIf(run)("turns 2FA off only with the password and a current code", { timeout: 120_000 }, async () => {
    const { context, page, errors } = await openPage(suite.browser, suite.app.url);
    const user = await createTwoFactorUser(page, suite.app.url, "disable");
    await signIn(page, user.email);
    await submitCode(page, await latestCode(suite.app.url, user.phone));
    await page.waitForURL("**/dashboard");
    await page.goto("/settings/security");

    const section = page.locator("#two-factor");
    await section.getByRole("button", { name: "Send code", exact: true }).click();
    await toast(page, `We sent a code to the number ending in ${user.phone.slice(-4)}.`).waitFor();
    await section.getByRole("button", { name: /^Resend code in \d+s$/ }).waitFor();
    const code = await latestCode(suite.app.url, user.phone);

    // A wrong code with the right password gets the same answer a wrong password would.
    const message = section.locator("#disable-message");
    await section.getByLabel("Password").fill(PASSWORD);
    await section.getByLabel("Verification code").fill(wrongCode(code));
    await section.getByRole("button", { name: "Turn off two-factor authentication" }).click();
    await message.filter({ hasText: errorMessages.INVALID_CREDENTIALS }).waitFor();
    await expect(section.getByText("On", { exact: true }).isVisible()).resolves.toBe(true);
    await screenshot(page, "32-security-disable-failed");

    await section.getByLabel("Password").fill(PASSWORD);
    await section.getByLabel("Verification code").fill(code);
    await section.getByRole("button", { name: "Turn off two-factor authentication" }).click();
    await toast(page, "Two-factor authentication is off.").waitFor();
    await section.getByText("Off", { exact: true }).waitFor();
    await page.getByTestId("security-events").getByText("Two-factor authentication turned off").waitFor();

    // With 2FA off the password is enough again, and no SMS is sent.
    await signOut(page);
    const sent = (await outboxMessages(suite.app.url, user.phone)).length;
    await expect(signIn(page, user.email)).resolves.toBe("/dashboard");
    expect((await outboxMessages(suite.app.url, user.phone)).length).toBe(sent);
    expect(errors).toEqual([]);
    await context.close();
  });
});
