// Threat: a developer or tester reading codes from the dev outbox copies the wrong one: the page
// shows a stale list (the code sent a moment ago isn't there until a reload), mixes every
// number's messages together, or leaves them to select six digits by hand. The outbox must show
// a new code without a reload, narrow to one number, and copy a message's code by keyboard.
import { describe, expect, it } from "vitest";
import { randomPhone } from "../support/fixtures";
import { appAndBrowser } from "./support/app-and-browser";
import { overflowsAt320, seriousAxeViolations } from "./support/axe";
import { openPage, PHONE } from "./support/browser";
import { humanPhone, newEmail, signOut, signUp } from "./support/flows";
import { latestCode } from "./support/outbox";
import { screenshot } from "./support/screenshots";

describe("the dev outbox keeps itself current, filters by number and copies a code", () => {
  const suite = appAndBrowser();
  const run = suite.run;

  it.runIf(run)("a code sent after the page loaded appears without a reload; the filter and Copy code work", { timeout: 120_000 }, async () => {
    const { context, page, errors } = await openPage(suite.browser, suite.app.url, { permissions: ["clipboard-read", "clipboard-write"] });
    const other = await context.newPage();
    const sendEnrollmentCode = async (phone: string) => {
      await signUp(other, newEmail("outbox"));
      await other.goto("/settings/security");
      await other.getByRole("textbox", { name: "Phone number" }).fill(humanPhone(phone));
      await other.getByRole("button", { name: "Send code", exact: true }).click();
      await other.getByLabel("Verification code").waitFor();
    };
    const earlier = randomPhone();
    const later = randomPhone();
    await sendEnrollmentCode(earlier);

    await page.goto("/dev/outbox");
    const messages = page.getByTestId("outbox-message");
    await messages.filter({ hasText: `To ${earlier}` }).waitFor();
    // Marks this document: a reload or navigation would lose it.
    await page.evaluate(() => ((window as unknown as { loadedOnce: boolean }).loadedOnce = true));

    await signOut(other);
    await sendEnrollmentCode(later);
    const fresh = messages.filter({ hasText: `To ${later}` });
    await fresh.waitFor({ timeout: 10_000 });
    await expect(page.evaluate(() => (window as unknown as { loadedOnce?: boolean }).loadedOnce)).resolves.toBe(true);

    // Typed as a person would, spaces and brackets: only that number's messages stay.
    await page.getByLabel("Filter by number").fill(humanPhone(later).slice(3));
    await expect.poll(() => messages.filter({ hasText: `To ${earlier}` }).count()).toBe(0);
    await expect(messages.count()).resolves.toBe(1);

    // Copy code by keyboard: the button says so, and the clipboard holds that message's code.
    const copy = fresh.getByRole("button", { name: "Copy code" });
    await copy.focus();
    await page.keyboard.press("Enter");
    await fresh.getByRole("button", { name: "Copied" }).waitFor();
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(await latestCode(suite.app.url, later));
    await screenshot(page, "40-dev-outbox-filtered");

    await page.getByLabel("Filter by number").fill("");
    await messages.filter({ hasText: `To ${earlier}` }).waitFor();
    await page.setViewportSize(PHONE);
    await expect(fresh.getByRole("button", { name: /Copy code|Copied/ }).isVisible()).resolves.toBe(true);
    await screenshot(page, "41-dev-outbox");

    const findings: string[] = [];
    for (const colorScheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme });
      findings.push(...(await seriousAxeViolations(page)).map((v) => `${colorScheme}: ${v}`));
    }
    await page.emulateMedia({ colorScheme: "light" });
    findings.push(...(await overflowsAt320(page)).map((v) => `320 px: ${v}`));
    expect(findings).toEqual([]);

    expect(errors).toEqual([]);
    await context.close();
  });
});
