// Threat: through the API, a session opened before a change to how the account signs in outlives
// the change: a browser signed in with a stolen password stays signed in after the owner proves a
// phone and turns 2FA on, or a browser the owner left signed in keeps working after 2FA was turned
// off or the phone moved. As on the web (test/http/sessions-end-on-two-factor-change.test.ts),
// every other session of the user ends with the change; the browser that made it stays, and a
// refused change ends nothing.
import { RESEND_COOLDOWN_SECONDS } from "@twostep/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../support/app-server";
import { randomPhone } from "../support/fixtures";
import { PASSWORD, pendingBrowser, signedUpBrowser, twoFactorAccount, type Account } from "./accounts";
import { stateBackends } from "./backends";
import { GraphQLBrowser, lit } from "./graphql-browser";

/** Signed out both ways a client can ask: the API's `me` and the app's /api/me. */
async function expectSignedOut(browser: GraphQLBrowser): Promise<void> {
  const { body } = await browser.me();
  expect(body.errors?.map((e) => e.extensions?.code)).toEqual(["UNAUTHENTICATED"]);
  expect((await browser.fetch("/api/me")).status).toBe(401);
}

async function expectSignedIn(browser: GraphQLBrowser, email: string): Promise<void> {
  expect((await browser.me()).body.data?.me).toMatchObject({ email, twoFactorVerified: true });
  expect((await browser.fetch("/api/me")).status).toBe(200);
}

/**
 * A browser fully signed in to a 2FA account with a backup code: SMS codes to one account are
 * spaced apart, and these tests sign in several browsers at once.
 */
async function fullBrowser(baseUrl: string, account: Account, backupCode: string): Promise<GraphQLBrowser> {
  const browser = await pendingBrowser(baseUrl, account);
  expect(await browser.mutate("verifyBackupCode", `code: ${lit(backupCode)}`)).toMatchObject({ success: true });
  return browser;
}

describe.each(await stateBackends())("GraphQL: other sessions after a 2FA change ($name)", ({ env }) => {
  let app: AppServer;
  beforeAll(async () => {
    app = await startAppServer(env);
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("a browser signed in with the password alone is signed out when the owner proves a phone and turns 2FA on", async () => {
    const { browser: owner, account } = await signedUpBrowser(app.url);
    const attacker = new GraphQLBrowser(app.url);
    expect(await attacker.signIn(account.email, account.password)).toBe(true);
    await expectSignedIn(attacker, account.email);

    expect(await owner.mutate("setPhoneNumber", `phoneNumber: ${lit(account.phone)}`)).toMatchObject({ success: true });
    // A refused code changes nothing, so it ends nothing.
    expect(await owner.mutate("verifyOtp", `otp: "000000"`)).toMatchObject({ success: false, code: "INVALID_CODE" });
    await expectSignedIn(attacker, account.email);
    expect(await owner.mutate("verifyOtp", `otp: ${lit(await owner.latestCode(account.phone))}`)).toMatchObject({ success: true });
    await expectSignedOut(attacker);
    await expectSignedIn(owner, account.email);

    expect(await owner.mutate("enableTwoFactorAuth")).toMatchObject({ success: true });
    await expectSignedOut(attacker);
    await expectSignedIn(owner, account.email);
    // The old cookie can't move the phone it was locked out by.
    const moved = await attacker.graphql(`mutation { setPhoneNumber(phoneNumber: ${lit(randomPhone())}) { success } }`);
    expect(moved.body.errors?.map((e) => e.extensions?.code)).toEqual(["UNAUTHENTICATED"]);
  });

  it("turning 2FA on signs out a browser that signed in after the phone was proved", async () => {
    const { browser: owner, account } = await signedUpBrowser(app.url);
    expect(await owner.mutate("setPhoneNumber", `phoneNumber: ${lit(account.phone)}`)).toMatchObject({ success: true });
    expect(await owner.mutate("verifyOtp", `otp: ${lit(await owner.latestCode(account.phone))}`)).toMatchObject({ success: true });
    const other = new GraphQLBrowser(app.url);
    expect(await other.signIn(account.email, account.password)).toBe(true);
    await expectSignedIn(other, account.email);

    const enabled = await owner.mutate("enableTwoFactorAuth");
    expect(enabled).toMatchObject({ success: true, code: null });
    expect(enabled.backupCodes).toHaveLength(10);
    await expectSignedOut(other);
    await expectSignedIn(owner, account.email);
  });

  it("turning 2FA off signs the other browser out; a refused attempt does not", async () => {
    const account = await twoFactorAccount(app.url);
    const owner = await fullBrowser(app.url, account, account.backupCodes[0]!);
    const other = await fullBrowser(app.url, account, account.backupCodes[1]!);

    // No disable code was sent yet: refused as any wrong pair is.
    expect(await owner.mutate("disableTwoFactorAuth", `password: ${lit(PASSWORD)}, otp: "123456"`)).toMatchObject({
      success: false,
      code: "INVALID_CREDENTIALS",
    });
    await expectSignedIn(other, account.email);

    expect(await owner.mutate("requestOtp")).toMatchObject({ success: true });
    const code = await owner.latestCode(account.phone);
    expect(await owner.mutate("disableTwoFactorAuth", `password: ${lit(PASSWORD)}, otp: ${lit(code)}`)).toMatchObject({ success: true });
    await expectSignedOut(other);
    await expectSignedIn(owner, account.email);
  });

  it("moving the phone with 2FA on signs the other browser out", { timeout: 60_000 }, async () => {
    const account = await twoFactorAccount(app.url);
    const owner = await fullBrowser(app.url, account, account.backupCodes[0]!);
    const other = await fullBrowser(app.url, account, account.backupCodes[1]!);
    // Phone-number codes to one account are spaced RESEND_COOLDOWN_SECONDS apart; one went out just now.
    await new Promise((resolve) => setTimeout(resolve, (RESEND_COOLDOWN_SECONDS + 1) * 1000));

    const newPhone = randomPhone();
    expect(await owner.mutate("setPhoneNumber", `phoneNumber: ${lit(newPhone)}`)).toMatchObject({ success: true });
    await expectSignedIn(other, account.email);
    expect(await owner.mutate("verifyOtp", `otp: ${lit(await owner.latestCode(newPhone))}`)).toMatchObject({ success: true });
    await expectSignedOut(other);
    await expectSignedIn(owner, account.email);
    expect((await owner.me()).body.data?.me?.phoneHint).toBe(`•••• ${newPhone.slice(-4)}`);
  });
});
