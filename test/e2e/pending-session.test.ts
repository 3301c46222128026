// Threat: a password alone opens the account — a session that passed the password step but not
// the SMS code ("pending") reaches the dashboard, the security settings or the JSON API.
import { describe, expect, it } from "vitest";
import { appAndBrowser } from "./support/app-and-browser";
import { openPage } from "./support/browser";
import { createTwoFactorUser, signIn } from "./support/flows";
import { outboxMessages } from "./support/outbox";

describe("a pending session sees nothing protected", () => {
  const suite = appAndBrowser();
  const run = suite.run;

  it.runIf(run)("sends every protected page to /verify and answers the API with 401", { timeout: 90_000 }, async () => {
    const { context, page, errors } = await openPage(suite.browser, suite.app.url);
    const user = await createTwoFactorUser(page, suite.app.url, "pending");
    await expect(signIn(page, user.email)).resolves.toBe("/verify");
    const sent = (await outboxMessages(suite.app.url, user.phone)).length;

    for (const path of ["/dashboard", "/settings", "/settings/security", "/dashboard?tab=1"]) {
      await page.goto(path);
      expect(new URL(page.url()).pathname, path).toBe("/verify");
      await expect(page.getByTestId("signed-in-email").count()).resolves.toBe(0);
      await expect(page.getByRole("heading", { name: "Security" }).count()).resolves.toBe(0);
    }
    const me = await context.request.get("/api/me");
    expect(me.status()).toBe(401);
    // Client-side navigation fetches RSC payloads; it must not get the protected tree either.
    const rsc = await context.request.get("/settings/security", { headers: { RSC: "1" }, maxRedirects: 0 });
    expect(rsc.status()).toBe(307);
    expect(rsc.headers()["location"]).toMatch(/\/verify$/);

    // The second factor's own pages are open to it, and none of these visits sent an SMS.
    await page.goto("/verify/backup");
    await page.getByLabel("Backup code", { exact: true }).waitFor();
    expect((await outboxMessages(suite.app.url, user.phone)).length).toBe(sent);

    // Signing out from the code page ends the pending session.
    await page.goto("/verify");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL("**/sign-in?signed-out=1");
    await page.goto("/verify");
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    expect(errors).toEqual([]);
    await context.close();
  });

  it.runIf(run)("sends an anonymous visitor to /sign-in", { timeout: 30_000 }, async () => {
    const { context, page, errors } = await openPage(suite.browser, suite.app.url);
    for (const path of ["/dashboard", "/settings/security", "/verify", "/verify/backup"]) {
      await page.goto(path);
      expect(new URL(page.url()).pathname, path).toBe("/sign-in");
    }
    expect((await context.request.get("/api/me")).status()).toBe(401);
    expect(errors).toEqual([]);
    await context.close();
  });
});
