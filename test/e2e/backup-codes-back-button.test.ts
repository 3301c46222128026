// Threat: fresh backup codes, shown once and already in force, are dropped without a word when the
// person presses the browser's Back button before saving them. The earlier codes no longer work,
// and the new ones were never seen: an account one lost phone away from lock-out. Back must ask
// first, as a link and signing out do; declining keeps the page and its codes. Once the codes are
// saved, one Back leaves.
import { randomPhone } from "../support/fixtures";
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { appAndBrowser } from "./support/app-and-browser";
import { openPage } from "./support/browser";
import { enableTwoFactor, enrollPhone, newEmail, PASSWORD, saveBackupCodes, signUp } from "./support/flows";

/** Presses Back as a person does (the page's own history, not a new load). */
const pressBack = (page: Page) => page.evaluate(() => window.history.back());
const pathOf = (page: Page) => new URL(page.url()).pathname;

describe("the browser's Back button while new backup codes are unsaved", () => {
  const suite = appAndBrowser();

  it.runIf(suite.run)("asks first, stays with the codes when declined, and leaves once saved or confirmed", { timeout: 120_000 }, async () => {
    const { page, errors } = await openPage(suite.browser, suite.app.url);
    await signUp(page, newEmail("back-button"));
    // Arrive from the dashboard, by the app's own link: Back has somewhere to go.
    await page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "Security" }).click();
    await page.waitForURL("**/settings/security");
    await enrollPhone(page, suite.app.url, randomPhone());
    await enableTwoFactor(page);
    const codes = page.getByRole("list", { name: "Backup codes" }).getByRole("listitem");
    const asked: string[] = [];
    page.on("dialog", (dialog) => void asked.push(dialog.message()));

    // Declined (openPage's handler dismisses it), twice: the page and its ten codes stay.
    for (const times of [1, 2]) {
      await pressBack(page);
      await expect.poll(() => asked.length).toBe(times);
      await page.waitForTimeout(300);
      expect(pathOf(page)).toBe("/settings/security");
      await expect(codes.count()).resolves.toBe(10);
    }
    expect(asked[0]).toContain("backup codes are not saved");

    // Saved: one Back leaves, without a question.
    await saveBackupCodes(page);
    await pressBack(page);
    await page.waitForURL("**/dashboard");
    expect(asked).toHaveLength(2);

    // Confirmed: Back leaves with the codes unsaved, as the person chose.
    await page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "Security" }).click();
    await page.waitForURL("**/settings/security");
    await page.locator("#backup-codes").getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Create new backup codes" }).click();
    await page.getByRole("list", { name: "Backup codes" }).waitFor();
    page.removeAllListeners("dialog");
    page.on("dialog", (dialog) => void (asked.push(dialog.message()), dialog.accept()));
    await pressBack(page);
    await page.waitForURL("**/dashboard");
    expect(asked).toHaveLength(3);
    expect(errors).toEqual([]);
  });
});
