// The whole life of an account through GraphQL only: a phone is saved only after its code comes
// back, 2FA turns on only after that proof, a password alone gives a pending session, and the
// right SMS code swaps it for a new full session cookie; turning 2FA off needs password and code.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../support/app-server";
import { signedUpBrowser } from "./accounts";
import { stateBackends } from "./backends";
import { lit } from "./graphql-browser";

describe.each(await stateBackends())("GraphQL enrollment and sign-in ($name)", ({ env }) => {
  let app: AppServer;
  beforeAll(async () => {
    app = await startAppServer(env);
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("enrolls a phone, turns 2FA on, and signs in again with the SMS code", async () => {
    const { browser, account } = await signedUpBrowser(app.url);
    const hint = `•••• ${account.phone.slice(-4)}`;

    expect((await browser.me()).body.data?.me).toEqual({
      email: account.email,
      phoneHint: null,
      twoFactorEnabled: false,
      twoFactorVerified: true,
    });
    expect(await browser.mutate("enableTwoFactorAuth")).toMatchObject({ success: false, code: "PHONE_NOT_VERIFIED" });

    expect(await browser.mutate("setPhoneNumber", `phoneNumber: ${lit(account.phone)}`)).toMatchObject({ success: true, code: null });
    // Not saved until the code comes back.
    expect((await browser.me()).body.data?.me?.phoneHint).toBeNull();
    expect(await browser.mutate("enableTwoFactorAuth")).toMatchObject({ success: false, code: "PHONE_NOT_VERIFIED" });

    const enrollCode = await browser.latestCode(account.phone);
    expect(await browser.mutate("verifyOtp", `otp: ${lit(enrollCode)}`)).toMatchObject({ success: true });
    expect((await browser.me()).body.data?.me?.phoneHint).toBe(hint);
    // Single use.
    expect(await browser.mutate("verifyOtp", `otp: ${lit(enrollCode)}`)).toMatchObject({ success: false });

    const enabled = await browser.mutate("enableTwoFactorAuth");
    expect(enabled).toMatchObject({ success: true, code: null });
    expect(enabled.backupCodes).toHaveLength(10);
    expect((await browser.me()).body.data?.me).toMatchObject({ twoFactorEnabled: true, twoFactorVerified: true });

    // Sign out: the browser forgets its cookies.
    browser.cookies.clear();
    expect((await browser.me()).body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");

    expect(await browser.signIn(account.email, account.password)).toBe(true);
    expect(await browser.session()).toMatchObject({ stage: "pending" });
    expect((await browser.me()).body.data?.me).toEqual({
      email: account.email,
      phoneHint: hint,
      twoFactorEnabled: true,
      twoFactorVerified: false,
    });

    const pendingToken = browser.sessionToken();
    expect(pendingToken).toBeTruthy();
    const signInCode = await browser.latestCode(account.phone);
    expect(signInCode).not.toBe(enrollCode);
    const verified = await browser.graphql<{ verifyOtp: { success: boolean } }>(
      `mutation { verifyOtp(otp: ${lit(signInCode)}) { success } }`,
    );
    expect(verified.body.data?.verifyOtp.success).toBe(true);
    // The fresh session cookie travels on the GraphQL response itself.
    const setCookie = verified.response.headers.getSetCookie().find((c) => c.startsWith("authjs.session-token="));
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(browser.sessionToken()).toBeTruthy();
    expect(browser.sessionToken()).not.toBe(pendingToken);

    expect((await browser.me()).body.data?.me).toMatchObject({ twoFactorVerified: true });
    expect(await browser.session()).toMatchObject({ stage: "full" });
  });

  it("turns 2FA off only with the password and a disable code, without saying which was wrong", async () => {
    const { browser, account } = await signedUpBrowser(app.url);
    await browser.mutate("setPhoneNumber", `phoneNumber: ${lit(account.phone)}`);
    await browser.mutate("verifyOtp", `otp: ${lit(await browser.latestCode(account.phone))}`);
    await browser.mutate("enableTwoFactorAuth");

    // Full session with 2FA on and nothing pending: requestOtp sends the disable code.
    expect(await browser.mutate("requestOtp")).toMatchObject({ success: true });
    const disableCode = await browser.latestCode(account.phone);

    const wrongCode = disableCode === "000000" ? "111111" : "000000";
    const wrongPassword = await browser.mutate("disableTwoFactorAuth", `password: ${lit("not the password")}, otp: ${lit(wrongCode)}`);
    const wrongOtp = await browser.mutate("disableTwoFactorAuth", `password: ${lit(account.password)}, otp: ${lit(wrongCode)}`);
    for (const result of [wrongPassword, wrongOtp]) {
      expect(result).toEqual({
        success: false,
        code: "INVALID_CREDENTIALS",
        message: expect.any(String),
        attemptsLeft: null,
        retryAfterSeconds: null,
        backupCodes: null,
      });
    }
    expect(wrongOtp.message).toBe(wrongPassword.message);

    expect(await browser.mutate("disableTwoFactorAuth", `password: ${lit(account.password)}, otp: ${lit(disableCode)}`)).toMatchObject({
      success: true,
    });
    expect((await browser.me()).body.data?.me).toMatchObject({ twoFactorEnabled: false });

    // With 2FA off, a fresh sign-in is full at once.
    browser.cookies.clear();
    expect(await browser.signIn(account.email, account.password)).toBe(true);
    expect((await browser.me()).body.data?.me).toMatchObject({ twoFactorVerified: true });
  });
});
