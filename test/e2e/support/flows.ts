import { randomUUID } from "node:crypto";
import type { Locator, Page } from "playwright-core";
import { randomPhone } from "../../support/fixtures";
import { latestCode } from "./outbox";
import { latestSignUpLink } from "./mail";

/**
 * The steps a person takes, through the real pages: labels, buttons and toasts are found the
 * way a screen reader would find them, so a renamed label breaks these tests on purpose.
 */
export const PASSWORD = "correct horse battery staple";

export const newEmail = (tag: string) => `${tag}-${randomUUID().slice(0, 8)}@example.com`;

/** "+14155550123" → "+1 (415) 555-0123": enrollment must accept what people type. */
export const humanPhone = (e164: string) => `+1 (${e164.slice(2, 5)}) ${e164.slice(5, 8)}-${e164.slice(8)}`;

export function toast(page: Page, text: string | RegExp) {
  return page.getByTestId("toast").filter({ hasText: text });
}

/** Runs `act` and waits for the form message to show a new answer (the same text twice still counts). */
export async function nextAnswer(message: Locator, act: () => Promise<void>): Promise<{ code: string | null; text: string }> {
  const before = await message.getAttribute("data-answer");
  await act();
  await message.page().waitForFunction(
    ([element, previous]) => (element as HTMLElement).dataset.answer !== undefined && (element as HTMLElement).dataset.answer !== previous,
    [await message.elementHandle(), before] as const,
  );
  return { code: await message.getAttribute("data-code"), text: ((await message.textContent()) ?? "").trim() };
}

/**
 * Sign-up as a person does it: the form, the link from the mail (dev mail outbox), and the same
 * password on the page it opens, which signs in and lands on the dashboard (or `landsOn`).
 */
export async function signUp(page: Page, email: string, password = PASSWORD, landsOn = "**/dashboard"): Promise<void> {
  await page.goto("/sign-up");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByTestId("sign-up-sent").waitFor();
  await page.goto(await latestSignUpLink(new URL(page.url()).origin, email));
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(landsOn);
}

/** The password step; returns where the app sent the browser. */
export async function signIn(page: Page, email: string, password = PASSWORD): Promise<string> {
  await page.goto("/sign-in");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL(/\/(verify|dashboard)$/);
  return new URL(page.url()).pathname;
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign out" }).first().click();
  await page.waitForURL("**/sign-in?signed-out=1");
}

/**
 * Types a code. Where the field submits itself on six digits (data-auto-submit) that is the
 * submit; pressing the button as well would send the code twice.
 */
export async function submitCode(page: Page, code: string, button = "Verify and sign in"): Promise<void> {
  const field = page.getByLabel("Verification code");
  await field.fill(code);
  if (/^\d{6}$/.test(code) && (await field.getAttribute("data-auto-submit")) === "true") return;
  await page.getByRole("button", { name: button }).click();
}

/** On /settings/security: send a code to `phone`, read it from the outbox, enter it. */
export async function enrollPhone(page: Page, baseUrl: string, phone: string): Promise<void> {
  if (!page.url().endsWith("/settings/security")) await page.goto("/settings/security");
  await page.getByRole("textbox", { name: "Phone number" }).fill(humanPhone(phone));
  await page.getByRole("button", { name: "Send code", exact: true }).click();
  await page.getByLabel("Verification code").waitFor();
  await submitCode(page, await latestCode(baseUrl, phone), "Verify number");
  await toast(page, `Phone number ending in ${phone.slice(-4)} verified.`).waitFor();
}

/** On /settings/security, with a freshly verified phone: turn 2FA on and read the backup codes. */
export async function enableTwoFactor(page: Page): Promise<string[]> {
  await page.getByRole("button", { name: "Turn on two-factor authentication" }).click();
  const list = page.getByRole("list", { name: "Backup codes" });
  await list.waitFor();
  return list.getByRole("listitem").allTextContents();
}

/**
 * Saves the backup codes on screen as a person does (Download .txt). Until then, signing out or
 * following a link asks first, and the tests' pages decline every such question.
 */
export async function saveBackupCodes(page: Page): Promise<void> {
  await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download .txt" }).click()]);
}

/** A new account with a verified phone and 2FA on (its backup codes saved), left signed out. */
export async function createTwoFactorUser(page: Page, baseUrl: string, tag: string) {
  const email = newEmail(tag);
  const phone = randomPhone();
  await signUp(page, email);
  await enrollPhone(page, baseUrl, phone);
  const backupCodes = await enableTwoFactor(page);
  await saveBackupCodes(page);
  await signOut(page);
  return { email, phone, backupCodes };
}
