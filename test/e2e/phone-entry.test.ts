// Behaviour: adding a phone in a real browser, at desktop and phone sizes. The country picker
// offers only the countries we send to, starts on the one the browser's language suggests, and
// narrows as you type; a number typed as it is dialled at home works. A landline, a paid number, a
// country we don't send to and a fraud-blocked number (test number 0193) each say what they are,
// with no backup-code advice for someone who has none, and only those mark the field invalid. A
// corrected number goes out at once, not held by the first one's cooldown. axe finds nothing
// serious on the page in either colour scheme.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { describeEnrollmentFailure, errorMessages } from "@twostep/core";
import { randomPhone } from "../support/fixtures";
import { randomMobile } from "../support/mobiles";
import { appAndBrowser } from "./support/app-and-browser";
import { seriousAxeViolations } from "./support/axe";
import { DESKTOP, openPage, PHONE } from "./support/browser";
import { newEmail, nextAnswer, signUp, submitCode, toast } from "./support/flows";
import { latestCode, outboxMessages } from "./support/outbox";
import { screenshot } from "./support/screenshots";

const BLOCKED_AS_FRAUD = "+12015550193";
const PROVIDER_ERROR = "+12015550191";
/** "+12015550123" → "(201) 555-0123": as a US person types it, without the +1. */
const usNational = (e164: string) => `(${e164.slice(2, 5)}) ${e164.slice(5, 8)}-${e164.slice(8)}`;
/** "+447412345678" → "07412 345678": as a British person types it. */
const gbNational = (e164: string) => `0${e164.slice(3, 7)} ${e164.slice(7)}`;

const SIZES = [
  ["desktop", DESKTOP],
  ["phone", PHONE],
] as const;

describe("phone entry: country picker, national formats, specific messages", () => {
  const suite = appAndBrowser({ SMS_TEST_NUMBERS: "enabled" });
  const run = suite.run;

  /** A new account on /settings/security at `size`. */
  async function onSecurityPage(size: { width: number; height: number }, tag: string) {
    const opened = await openPage(suite.browser, suite.app.url);
    await opened.page.setViewportSize(size);
    await signUp(opened.page, newEmail(tag));
    await opened.page.goto("/settings/security");
    return opened;
  }

  const numberField = (page: Page) => page.getByRole("textbox", { name: "Phone number" });
  const countrySelect = (page: Page) => page.getByRole("combobox", { name: "Country" });
  const countryFilter = (page: Page) => page.getByRole("searchbox", { name: "Filter countries" });
  const sendButton = (page: Page) => page.getByRole("button", { name: "Send code", exact: true });

  /** Types `phone` (as given) and presses Send code; returns the form's answer. */
  async function send(page: Page, phone: string) {
    return nextAnswer(page.locator("#phone-message"), async () => {
      await numberField(page).fill(phone);
      await sendButton(page).click();
    });
  }

  it.runIf(run).each(SIZES)("%s: picking a country and typing the number as dialled there sends the code to it", { timeout: 90_000 }, async (size, viewport) => {
    const { context, page, errors } = await onSecurityPage(viewport, `national-${size}`);
    // en-US browser: the picker starts on the United States.
    await expect(countrySelect(page).inputValue()).resolves.toBe("US");
    const offered = await countrySelect(page).locator("option").evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    expect(offered).toContain("GB");
    expect(offered).not.toContain("JP");

    // Narrow by calling code: "+44" leaves the United Kingdom, chosen.
    await countryFilter(page).fill("+44");
    await expect(countrySelect(page).inputValue()).resolves.toBe("GB");
    await expect(countrySelect(page).locator("option").count()).resolves.toBe(1);
    await expect(numberField(page).getAttribute("placeholder")).resolves.toMatch(/^07/);
    if (size === "desktop") await screenshot(page, "66-phone-entry-filtered");
    const british = randomMobile("GB");
    await numberField(page).fill(gbNational(british));
    await sendButton(page).click();
    await toast(page, `We sent a code to the number ending in ${british.slice(-4)}.`).waitFor();
    expect(await outboxMessages(suite.app.url, british)).toHaveLength(1);

    // A different number straight away: not held by the first one's resend cooldown.
    await page.getByRole("button", { name: "Use a different number" }).click();
    await countryFilter(page).fill("united st");
    await expect(countrySelect(page).inputValue()).resolves.toBe("US");
    const american = randomPhone();
    await numberField(page).fill(usNational(american));
    await sendButton(page).click();
    await toast(page, `We sent a code to the number ending in ${american.slice(-4)}.`).waitFor();
    await submitCode(page, await latestCode(suite.app.url, american), "Verify number");
    await toast(page, `Phone number ending in ${american.slice(-4)} verified.`).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it.runIf(run).each(SIZES)("%s: a landline, a paid number and a country we don't send to each say so, and mark the field", { timeout: 90_000 }, async (size, viewport) => {
    const { context, page, errors } = await onSecurityPage(viewport, `refused-${size}`);
    await countrySelect(page).selectOption("GB");
    const landline = await send(page, "020 7946 0018");
    expect(landline).toEqual({ code: "PHONE_IS_LANDLINE", text: errorMessages.PHONE_IS_LANDLINE });
    await expect(numberField(page).getAttribute("aria-invalid")).resolves.toBe("true");
    // The typed number and the chosen country are kept, to correct rather than retype.
    await expect(numberField(page).inputValue()).resolves.toBe("020 7946 0018");
    await expect(countrySelect(page).inputValue()).resolves.toBe("GB");
    await screenshot(page, `67-phone-entry-landline-${size}`);

    const tollFree = await send(page, "0800 123 4567");
    expect(tollFree).toEqual({ code: "PHONE_IS_SERVICE_NUMBER", text: errorMessages.PHONE_IS_SERVICE_NUMBER });

    const japan = await send(page, "+81 90 1234 5678");
    expect(japan.code).toBe("COUNTRY_NOT_ALLOWED");
    expect(japan.text).toMatch(/^We can't send SMS to that country\. We send SMS to numbers in .*United States.*United Kingdom/);
    await expect(numberField(page).getAttribute("aria-invalid")).resolves.toBe("true");

    // A send that failed for the moment (provider 5xx, 0191) is not the number's fault.
    await countrySelect(page).selectOption("US");
    const failed = await send(page, usNational(PROVIDER_ERROR));
    expect(failed).toEqual({ code: "SEND_FAILED", text: describeEnrollmentFailure({ code: "SEND_FAILED" }) });
    expect(failed.text).not.toMatch(/backup code/i);
    await expect(numberField(page).getAttribute("aria-invalid")).resolves.toBeNull();
    expect(errors).toEqual([]);
    await context.close();
  });

  it.runIf(run).each(SIZES)("%s: a fraud-blocked number (0193) at enrollment says to use another number, with no backup-code advice", { timeout: 90_000 }, async (size, viewport) => {
    const { context, page, errors } = await onSecurityPage(viewport, `fraud-${size}`);
    const answer = await send(page, usNational(BLOCKED_AS_FRAUD));
    expect(answer).toEqual({ code: "PHONE_BLOCKED_BY_PROVIDER", text: "This number can't receive our SMS; use another number." });
    expect(answer.text).not.toMatch(/backup/i);
    await expect(page.locator("#phone-settings").getByText(/backup code/i).count()).resolves.toBe(0);
    await expect(numberField(page).getAttribute("aria-invalid")).resolves.toBe("true");
    // Still the number form: no code is waiting, and nothing went out.
    await expect(page.getByLabel("Verification code").count()).resolves.toBe(0);
    expect(await outboxMessages(suite.app.url, BLOCKED_AS_FRAUD)).toEqual([]);
    await screenshot(page, `68-phone-entry-fraud-blocked-${size}`);

    // Another number goes out at once.
    const other = randomPhone();
    await numberField(page).fill(usNational(other));
    await sendButton(page).click();
    await toast(page, `We sent a code to the number ending in ${other.slice(-4)}.`).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it.runIf(run)("the picker starts on the browser's country and works from the keyboard", { timeout: 60_000 }, async () => {
    const context = await suite.browser.newContext({ baseURL: suite.app.url, viewport: DESKTOP, locale: "de-DE" });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    await signUp(page, newEmail("keyboard"));
    await page.goto("/settings/security");
    await expect(countrySelect(page).inputValue()).resolves.toBe("DE");

    // Type in the filter, Enter goes on to the number (it doesn't submit the form).
    await countryFilter(page).focus();
    await page.keyboard.type("fra");
    await expect(countrySelect(page).inputValue()).resolves.toBe("FR");
    await page.keyboard.press("Enter");
    await expect(numberField(page).evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await expect(page.locator("#phone-message").getAttribute("data-answer")).resolves.toBeNull();
    // The <select> itself: arrow keys change the country.
    await countryFilter(page).fill("");
    await countrySelect(page).focus();
    await page.keyboard.press("ArrowDown");
    await expect(countrySelect(page).inputValue()).resolves.not.toBe("FR");
    await context.close();
  });

  it.runIf(run)("axe finds nothing serious on the phone-entry page, as it is and with an error, in both themes", { timeout: 90_000 }, async () => {
    const { context, page, errors } = await onSecurityPage(DESKTOP, "phone-axe");
    const findings: Record<string, string[]> = {};
    async function check(name: string) {
      for (const colorScheme of ["light", "dark"] as const) {
        await page.emulateMedia({ colorScheme });
        const violations = await seriousAxeViolations(page);
        if (violations.length) findings[`${name} (${colorScheme})`] = violations;
        if (colorScheme === "dark") await screenshot(page, `69-phone-entry-${name}-dark`);
      }
      await page.emulateMedia({ colorScheme: "light" });
    }
    await check("empty");
    await countryFilter(page).fill("zzz");
    await check("no-match");
    await countryFilter(page).fill("");
    await countrySelect(page).selectOption("GB");
    await send(page, "020 7946 0018");
    await check("landline-error");
    expect(findings).toEqual({});
    expect(errors).toEqual([]);
    await context.close();
  });
});
