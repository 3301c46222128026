import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { randomPhone } from "../support/fixtures";
import { GraphQLBrowser, lit } from "./graphql-browser";

export const PASSWORD = "correct horse battery staple";

export type Account = { email: string; password: string; phone: string };

/** A new account, signed in (full session: no 2FA yet), in a browser of its own. */
export async function signedUpBrowser(baseUrl: string): Promise<{ browser: GraphQLBrowser; account: Account }> {
  const account = { email: `gql-${randomUUID()}@example.com`, password: PASSWORD, phone: randomPhone() };
  const browser = new GraphQLBrowser(baseUrl);
  await browser.signUp(account.email, account.password);
  expect(await browser.signIn(account.email, account.password)).toBe(true);
  return { browser, account };
}

/** An account with a verified phone and 2FA on, set up through GraphQL only, with its backup codes. */
export async function twoFactorAccount(baseUrl: string): Promise<Account & { backupCodes: string[] }> {
  const { browser, account } = await signedUpBrowser(baseUrl);
  expect(await browser.mutate("setPhoneNumber", `phoneNumber: ${lit(account.phone)}`)).toMatchObject({ success: true });
  const code = await browser.latestCode(account.phone);
  expect(await browser.mutate("verifyOtp", `otp: ${lit(code)}`)).toMatchObject({ success: true });
  const enabled = await browser.mutate("enableTwoFactorAuth");
  expect(enabled).toMatchObject({ success: true });
  return { ...account, backupCodes: enabled.backupCodes ?? [] };
}

/** A fresh browser holding a password-only ("pending") session; the first sign-in code is sent. */
export async function pendingBrowser(baseUrl: string, account: Account): Promise<GraphQLBrowser> {
  const browser = new GraphQLBrowser(baseUrl);
  expect(await browser.signIn(account.email, account.password)).toBe(true);
  expect(await browser.session()).toMatchObject({ stage: "pending" });
  return browser;
}
