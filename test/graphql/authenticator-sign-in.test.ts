// Threat: through the GraphQL API an authenticator app is not a real factor (a pending session
// finishes without its code, or choosing it still sends a paid SMS), or the new code check is a
// way around "one code operation per document".
import { totpCodeAt, totpStepAt } from "@twostep/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../support/app-server";
import { callAction } from "../http/support/server-actions";
import { pendingBrowser, signedUpBrowser, type Account } from "./accounts";
import { GraphQLBrowser, lit, RESULT_FIELDS } from "./graphql-browser";

const outboxCount = async (browser: GraphQLBrowser, phone: string) => {
  const res = await browser.fetch(`/api/dev/outbox?to=${encodeURIComponent(phone)}`);
  return ((await res.json()) as { messages: unknown[] }).messages.length;
};

/** A code from a later 30-second step than `usedStep`: each step's code is accepted once. */
async function freshCode(secret: string, usedStep: number): Promise<string> {
  while (totpStepAt(Date.now()) <= usedStep) await new Promise((resolve) => setTimeout(resolve, 500));
  return totpCodeAt(secret, Date.now());
}

describe("GraphQL sign-in with an authenticator app", () => {
  let app: AppServer;
  let account: Account;
  let secret: string;
  let enrolledStep: number;

  beforeAll(async () => {
    app = await startAppServer();
    const { browser, account: made } = await signedUpBrowser(app.url);
    account = made;
    // The app first (2FA off, so the password session may add it), then the phone beside it.
    const begun = await callAction(browser, "/settings/security", "beginAuthenticatorAction", { name: "Phone app" });
    ({ secret } = begun.result?.data as { secret: string; factorId: string });
    const factorId = (begun.result?.data as { factorId: string }).factorId;
    enrolledStep = totpStepAt(Date.now());
    const confirmed = await callAction(browser, "/settings/security", "confirmAuthenticatorAction", { factorId, code: totpCodeAt(secret, Date.now()) });
    expect(confirmed.result).toMatchObject({ status: "success" });
    expect(await browser.mutate("setPhoneNumber", `phoneNumber: ${lit(account.phone)}`)).toMatchObject({ success: true });
    expect(await browser.mutate("verifyOtp", `otp: ${lit(await browser.latestCode(account.phone))}`)).toMatchObject({ success: true });
  }, 60_000);
  afterAll(async () => {
    await app?.stop();
  });

  it("asks for the app: no SMS at the password step, me.factors lists every way, the app's code finishes sign-in", { timeout: 60_000 }, async () => {
    const sentBefore = await outboxCount(new GraphQLBrowser(app.url), account.phone);
    const browser = await pendingBrowser(app.url, account);
    expect(await outboxCount(browser, account.phone)).toBe(sentBefore);
    const { body } = await browser.graphql<{ me: { factors: string[]; twoFactorVerified: boolean } }>("{ me { factors twoFactorVerified } }");
    expect(body.data?.me).toEqual({ factors: ["totp", "sms", "backup_code"], twoFactorVerified: false });

    // Two code checks in one document are refused before either runs.
    const code = await freshCode(secret, enrolledStep);
    const both = await browser.graphql(`mutation { a: verifyAuthenticatorCode(code: ${lit(code)}) { ${RESULT_FIELDS} } b: verifyOtp(otp: "123456") { ${RESULT_FIELDS} } }`);
    expect(both.body.errors?.[0]?.extensions?.code).toBe("TOO_MANY_CODE_OPERATIONS");
    expect(await browser.session()).toMatchObject({ stage: "pending" });

    expect(await browser.mutate("verifyAuthenticatorCode", `code: ${lit(code)}`)).toMatchObject({ success: true });
    expect(await browser.session()).toMatchObject({ stage: "full" });
    expect(await outboxCount(browser, account.phone)).toBe(sentBefore);
  });

  it("try another way: chooseSecondFactor sms sends one code then, and verifyOtp finishes", async () => {
    const browser = await pendingBrowser(app.url, account);
    const sentBefore = await outboxCount(browser, account.phone);
    expect(await browser.mutate("chooseSecondFactor", `factor: "totp"`)).toMatchObject({ success: true });
    expect(await outboxCount(browser, account.phone)).toBe(sentBefore);
    expect(await browser.mutate("chooseSecondFactor", `factor: "carrier-pigeon"`)).toMatchObject({ success: false, code: "INVALID_INPUT" });
    expect(await browser.mutate("chooseSecondFactor", `factor: "sms"`)).toMatchObject({ success: true });
    expect(await outboxCount(browser, account.phone)).toBe(sentBefore + 1);
    expect(await browser.mutate("verifyOtp", `otp: ${lit(await browser.latestCode(account.phone))}`)).toMatchObject({ success: true });
    expect(await browser.session()).toMatchObject({ stage: "full" });
  });

  it("refuses the new mutations without a session", async () => {
    const browser = new GraphQLBrowser(app.url);
    for (const query of [`mutation { verifyAuthenticatorCode(code: "123456") { success } }`, `mutation { chooseSecondFactor(factor: "sms") { success } }`]) {
      const { body } = await browser.graphql(query);
      expect(body.errors?.[0]?.extensions?.code, query).toBe("UNAUTHENTICATED");
    }
  });
});
