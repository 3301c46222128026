// Threat: a failure inside the app shows its insides — a stack trace, an internal message, a
// file path — to whoever is looking. The error pages must say only that something went wrong.
import { describe, expect, it } from "vitest";
import { appAndBrowserOnPostgres } from "./support/app-and-browser";
import { openPage } from "./support/browser";
import { newEmail, signUp } from "./support/flows";
import { screenshot } from "./support/screenshots";

describe("error pages reveal nothing", async () => {
  const suite = await appAndBrowserOnPostgres();
  const run = suite.run;

  it.runIf(run)("a page that throws on the server shows a friendly error page and no details", { timeout: 60_000 }, async () => {
    const { context, page } = await openPage(suite.browser, suite.app.url);
    const email = newEmail("vanished");
    await signUp(page, email);
    // The security page counts the backup codes; with that table gone (a botched manual migration,
    // say) the page throws on the server. (Only the activity log degrades to a notice instead.)
    await suite.sql`ALTER TABLE backup_codes RENAME TO backup_codes_gone`;
    const response = await page.goto("/settings/security");
    await suite.sql`ALTER TABLE backup_codes_gone RENAME TO backup_codes`;
    expect(response?.status()).toBe(500);
    await page.getByRole("heading", { name: "Something went wrong" }).waitFor();
    await page.getByRole("button", { name: "Try again" }).waitFor();
    const text = await page.locator("body").innerText();
    expect(text).not.toMatch(/backup_codes|relation|\bat \S+ \(|\.tsx?\b|node_modules|Error:/);
    expect(await response!.text()).not.toMatch(/backup_codes|relation "|node_modules|\n\s+at /);
    await screenshot(page, "50-error");
    await context.close();
  });

  it.runIf(run)("an unknown address gets the 404 page", { timeout: 30_000 }, async () => {
    const { context, page, errors } = await openPage(suite.browser, suite.app.url);
    const missing = await page.goto("/definitely/not/a/page");
    expect(missing?.status()).toBe(404);
    await page.getByRole("heading", { name: "We can't find that page" }).waitFor();
    await page.getByRole("link", { name: "Go to the home page" }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});
