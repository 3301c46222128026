// Threat: a person held back by the sign-in limit is told only "too many requests" and keeps
// trying (or gives up), or the message tells a stranger whether an account exists.
import { describe, expect, it } from "vitest";
import { seedUser } from "../support/seed-user";
import { SIGN_INS_PER_EMAIL_AND_IP_PER_15_MINUTES } from "@twostep/core";
import { appAndBrowserOnPostgres } from "./support/app-and-browser";
import { openPage } from "./support/browser";
import { newEmail, nextAnswer, PASSWORD } from "./support/flows";
import { screenshot } from "./support/screenshots";

describe("the sign-in limit says how long", async () => {
  const suite = await appAndBrowserOnPostgres();
  const run = suite.run;

  /** Wrong passwords until the limit answers; returns that answer. */
  async function tryUntilLimited(email: string) {
    const { context, page, errors } = await openPage(suite.browser, suite.app.url);
    await page.goto("/sign-in");
    const message = page.locator("#sign-in-message");
    let answer = { code: null as string | null, text: "" };
    for (let tries = 0; tries <= SIGN_INS_PER_EMAIL_AND_IP_PER_15_MINUTES; tries++) {
      await page.getByLabel("Email", { exact: true }).fill(email);
      await page.getByLabel("Password", { exact: true }).fill(`not the password ${tries}`);
      answer = await nextAnswer(message, () => page.getByRole("button", { name: "Sign in", exact: true }).click());
      if (answer.code !== "INVALID_CREDENTIALS") break;
    }
    return { context, page, errors, answer };
  }

  it.runIf(run)("names the wait in minutes, the same for an account and for an address with none", { timeout: 90_000 }, async () => {
    const email = newEmail("limited");
    await seedUser(suite.app.databaseUrl!, { email, password: PASSWORD });

    const existing = await tryUntilLimited(email);
    expect(existing.answer.code).toBe("RATE_LIMITED");
    expect(existing.answer.text).toMatch(/^Too many attempts\. Try again in 1[45] minutes\.$/);
    await screenshot(existing.page, "76-sign-in-limit-duration");
    expect(existing.errors).toEqual([]);
    await existing.context.close();

    const nobody = await tryUntilLimited(newEmail("no-account"));
    expect(nobody.answer).toEqual(existing.answer);
    expect(nobody.errors).toEqual([]);
    await nobody.context.close();
  });
});
