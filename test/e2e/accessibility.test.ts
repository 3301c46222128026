// Threat: a page that a screen-reader or keyboard user can't use, or that a phone user must
// scroll sideways to read, locks those people out of their account as surely as a wrong code.
// axe-core runs on every page, in the light and the dark colour scheme, and finds nothing
// serious or critical; at 320 px wide no page scrolls sideways (WCAG 1.4.10).
import { describe, expect, it } from "vitest";
import { appAndBrowser } from "./support/app-and-browser";
import { overflowsAt320, seriousAxeViolations } from "./support/axe";
import { openPage } from "./support/browser";
import { createTwoFactorUser, newEmail, PASSWORD, signIn, submitCode } from "./support/flows";
import { latestSignUpLink } from "./support/mail";
import { latestCode } from "./support/outbox";
import { screenshot } from "./support/screenshots";

describe("every page passes axe in both themes and fits 320 px", () => {
  const suite = appAndBrowser();
  const run = suite.run;

  it.runIf(run)("sign-in, sign-up and its link, password reset, the code pages, dashboard, settings, both outboxes and 404", { timeout: 180_000 }, async () => {
    const { context, page, errors } = await openPage(suite.browser, suite.app.url);
    const user = await createTwoFactorUser(page, suite.app.url, "a11y");
    const findings: Record<string, string[]> = {};

    async function check(name: string, visit?: () => Promise<void>) {
      if (visit) await visit();
      await page.waitForLoadState("networkidle");
      for (const colorScheme of ["light", "dark"] as const) {
        await page.emulateMedia({ colorScheme });
        const violations = await seriousAxeViolations(page);
        if (violations.length) findings[`${name} (${colorScheme})`] = violations;
        if (colorScheme === "dark") await screenshot(page, `90-${name}-dark`);
      }
      await page.emulateMedia({ colorScheme: "light" });
      const wide = await overflowsAt320(page);
      if (wide.length) findings[`${name} at 320 px`] = wide;
    }
    const go = (path: string) => async () => {
      await page.goto(path);
    };

    await check("sign-in", go("/sign-in"));
    await check("sign-up", go("/sign-up"));
    const newcomer = newEmail("a11y-new");
    await check("sign-up-sent", async () => {
      await page.getByLabel("Email", { exact: true }).fill(newcomer);
      await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
      await page.getByRole("button", { name: "Create account" }).click();
      await page.getByTestId("sign-up-sent").waitFor();
    });
    await check("sign-up-confirm", async () => {
      await page.goto(await latestSignUpLink(suite.app.url, newcomer));
    });
    await check("sign-up-dead-link", go("/sign-up/confirm?token=" + "A".repeat(43)));
    await check("forgot-password", go("/forgot-password"));
    // A link that is no longer good: the page's one message and its way to a new link.
    await check("reset-password-dead-link", go("/reset-password?token=" + "A".repeat(43)));
    await signIn(page, user.email);
    await check("verify");
    await check("verify-backup", go("/verify/backup"));
    await page.goto("/verify");
    await submitCode(page, await latestCode(suite.app.url, user.phone));
    await page.waitForURL("**/dashboard");
    await check("dashboard");
    await check("settings-security", go("/settings/security"));
    await check("dev-outbox", go("/dev/outbox"));
    await check("dev-mail", go("/dev/mail"));
    await check("not-found", go("/no-such-page"));

    expect(findings).toEqual({});
    expect(errors.filter((e) => !e.includes("404"))).toEqual([]);
    await context.close();
  });
});

