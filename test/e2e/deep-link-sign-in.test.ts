// Threat: a deep link is lost at sign-in (the user lands on the dashboard and must find the page
// again), or the link the sign-in page carries becomes an open redirect to another site.
import { describe, expect, it } from "vitest";
import { randomPhone } from "../support/fixtures";
import { seedUser } from "../support/seed-user";
import { appAndBrowserOnPostgres } from "./support/app-and-browser";
import { openPage } from "./support/browser";
import { newEmail, PASSWORD, submitCode } from "./support/flows";
import { latestCode } from "./support/outbox";
import { screenshot } from "./support/screenshots";

describe("deep links through sign-in", async () => {
  const suite = await appAndBrowserOnPostgres();
  const run = suite.run;

  it.runIf(run)("a signed-out visit to /settings/security lands there after the password and the SMS code", { timeout: 60_000 }, async () => {
    const email = newEmail("deep-link");
    const phone = randomPhone();
    await seedUser(suite.app.databaseUrl!, { email, password: PASSWORD, phone, twoFactor: true });
    const { context, page, errors } = await openPage(suite.browser, suite.app.url);

    await page.goto("/settings/security?tab=sessions");
    await page.waitForURL("**/sign-in?callbackUrl=*");
    expect(new URL(page.url()).searchParams.get("callbackUrl")).toBe("/settings/security?tab=sessions");
    await page.getByLabel("Email", { exact: true }).fill(email);
    await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL("**/verify");
    await submitCode(page, await latestCode(suite.app.url, phone));
    await page.waitForURL("**/settings/security?tab=sessions");
    await page.getByRole("heading", { name: "Security", level: 1 }).waitFor();
    await page.getByTestId("sessions").waitFor();
    await screenshot(page, "75-deep-link-after-sign-in");

    // Used once: the remembered link is gone, so a later sign-in ends on the dashboard.
    expect((await context.cookies()).map((c) => c.name)).not.toContain("twostep.after-sign-in");
    expect(errors).toEqual([]);
    await context.close();
  });

  it.runIf(run)("a callbackUrl that leaves the site is dropped: the sign-in ends on the dashboard", { timeout: 60_000 }, async () => {
    for (const hostile of ["//evil.example/", "/\\evil.example", "https://evil.example/", "javascript:alert(1)", "/\t/evil.example"]) {
      const email = newEmail("hostile-link");
      await seedUser(suite.app.databaseUrl!, { email, password: PASSWORD });
      const { context, page, errors } = await openPage(suite.browser, suite.app.url);
      await page.goto(`/sign-in?callbackUrl=${encodeURIComponent(hostile)}`);
      await page.getByLabel("Email", { exact: true }).fill(email);
      await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
      await page.getByRole("button", { name: "Sign in", exact: true }).click();
      await page.waitForURL(`${suite.app.url}/dashboard`);
      expect(new URL(page.url()).origin, hostile).toBe(new URL(suite.app.url).origin);
      expect(errors).toEqual([]);
      await context.close();
    }
  });
});
