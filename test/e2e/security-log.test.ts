// Threat: the change a person must see in their security log (two-factor turned on or off, the
// phone moved) is buried under a flood of small events, or shown at a time in a zone they don't
// live in, so they miss it or misjudge when it happened. Wrong codes in a row read as one row
// with a count; the important change stays in its own list however much follows it; "Show all"
// pages back to it; times are the browser's own (Asia/Tokyo here), at desktop and phone sizes.
import { randomUUID } from "node:crypto";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { appAndBrowserOnPostgres } from "./support/app-and-browser";
import { overflowsAt320, seriousAxeViolations } from "./support/axe";
import { DESKTOP, openPage, PHONE } from "./support/browser";
import { createTwoFactorUser, nextAnswer, signIn, submitCode } from "./support/flows";
import { latestCode, wrongCode } from "./support/outbox";
import { screenshot } from "./support/screenshots";

const TIME_ZONE = "Asia/Tokyo";
const FILLER_SIGN_INS = 60;
const inTokyo = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: TIME_ZONE });
// Node's ICU and Chromium's may differ in which space sits before "AM".
const spaced = (text: string | null) => (text ?? "").replace(/\s+/g, " ");

/** Nothing serious for axe in either colour scheme, and nothing sideways at 320 px. */
async function accessibilityFindings(page: Page): Promise<string[]> {
  const findings: string[] = [];
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    findings.push(...(await seriousAxeViolations(page)).map((v) => `${colorScheme}: ${v}`));
  }
  await page.emulateMedia({ colorScheme: "light" });
  findings.push(...(await overflowsAt320(page)).map((v) => `320 px: ${v}`));
  return findings;
}

describe("the security log groups repeats, keeps important changes in sight and speaks local time", async () => {
  const suite = await appAndBrowserOnPostgres();
  const run = suite.run;

  it.runIf(run)("three wrong codes are one row, 2FA turned on stays listed after 60 sign-ins, Show all pages to it", { timeout: 180_000 }, async () => {
    const { context, page, errors } = await openPage(suite.browser, suite.app.url, { timezoneId: TIME_ZONE });
    const user = await createTwoFactorUser(page, suite.app.url, "log");
    const [account] = await suite.sql<{ id: string }[]>`SELECT id FROM users WHERE email = ${user.email}`;
    const userId = account!.id;

    // Two days ago 2FA was turned on; since then sixty sign-ins, each its own row (hours apart).
    await suite.sql`UPDATE audit_events SET created_at = created_at - interval '2 days' WHERE user_id = ${userId}`;
    const hour = 3_600_000;
    const since = Date.now() - 2 * 24 * hour + hour;
    for (let i = 0; i < FILLER_SIGN_INS; i++) {
      await suite.sql`INSERT INTO audit_events (id, user_id, type, ip, detail, created_at)
        VALUES (${randomUUID()}, ${userId}, 'sign_in.succeeded', '198.51.100.4', ${suite.sql.json({ factor: "sms", device: "Firefox on Linux" })}, ${new Date(since + i * (hour / 2))})`;
    }
    const [turnedOn] = await suite.sql<{ created_at: Date }[]>`SELECT created_at FROM audit_events WHERE user_id = ${userId} AND type = 'two_factor.enabled'`;

    // Now three wrong codes at sign-in, then the right one.
    await signIn(page, user.email);
    const right = await latestCode(suite.app.url, user.phone);
    const message = page.locator("#verify-message");
    for (let i = 0; i < 3; i++) await nextAnswer(message, () => submitCode(page, wrongCode(right)));
    await submitCode(page, right);
    await page.waitForURL("**/dashboard");

    for (const size of [DESKTOP, PHONE]) {
      await page.setViewportSize(size);
      await page.goto("/settings/security");
      const recent = page.getByTestId("security-events");
      const grouped = recent.getByTestId("event-row").filter({ hasText: "3 wrong codes entered for sign-in" });
      await grouped.waitFor();
      await expect(grouped.getAttribute("data-count")).resolves.toBe("3");
      // The turn-on is two days and sixty rows back: out of the recent list, still in its own.
      await expect(recent.getByText("Two-factor authentication turned on").count()).resolves.toBe(0);
      const important = page.getByTestId("important-events").getByTestId("event-row").filter({ hasText: "Two-factor authentication turned on" });
      await important.waitFor();
      await expect(important.isVisible()).resolves.toBe(true);

      // The time is Tokyo's, once the browser has taken over from the server's UTC.
      const time = important.locator("time");
      await page.waitForFunction((el) => el?.getAttribute("data-local-time") === "local", await time.elementHandle());
      expect(spaced(await time.textContent())).toBe(spaced(inTokyo.format(turnedOn!.created_at)));
      // The sign-ins name the browser they recorded.
      await recent.getByText("Firefox on Linux").first().waitFor();
    }
    await screenshot(page, "30-security-log");
    expect(await accessibilityFindings(page)).toEqual([]);
    await page.setViewportSize(DESKTOP);

    // Show all, then older pages until the turn-on appears in the full log.
    await page.getByRole("link", { name: "Show all activity" }).click();
    await page.waitForURL(/log=all/);
    await page.getByRole("heading", { name: "All activity" }).waitFor();
    let pages = 1;
    while ((await page.getByTestId("security-events").getByText("Two-factor authentication turned on").count()) === 0) {
      await page.getByRole("link", { name: "Older activity" }).click();
      pages += 1;
      await page.getByRole("heading", { name: "Older activity" }).waitFor();
      await page.waitForURL(new RegExp(`after=`));
      expect(pages).toBeLessThan(5);
    }
    expect(pages).toBeGreaterThan(1);
    await screenshot(page, "31-security-log-older");

    expect(await accessibilityFindings(page)).toEqual([]);

    expect(errors).toEqual([]);
    await context.close();
  });
});
