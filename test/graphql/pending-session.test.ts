// Threat: someone who has only the password (a pending session), or no session at all, uses the
// GraphQL API to read or change 2FA settings, send SMS to a number of their choosing, or get past
// the second factor without the code.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../support/app-server";
import { randomPhone } from "../support/fixtures";
import { pendingBrowser, twoFactorAccount, type Account } from "./accounts";
import { stateBackends } from "./backends";
import { GraphQLBrowser, lit, RESULT_FIELDS } from "./graphql-browser";

const outboxCount = async (browser: GraphQLBrowser, phone: string) => {
  const res = await browser.fetch(`/api/dev/outbox?to=${encodeURIComponent(phone)}`);
  return ((await res.json()) as { messages: unknown[] }).messages.length;
};

describe.each(await stateBackends())("GraphQL without a full session ($name)", ({ env }) => {
  let app: AppServer;
  let account: Account;
  beforeAll(async () => {
    app = await startAppServer(env);
    account = await twoFactorAccount(app.url);
  });
  afterAll(async () => {
    await app?.stop();
  });

  const everyOperation = [
    "{ me { email } }",
    `mutation { requestOtp { ${RESULT_FIELDS} } }`,
    `mutation { verifyOtp(otp: "123456") { ${RESULT_FIELDS} } }`,
    `mutation { enableTwoFactorAuth { ${RESULT_FIELDS} } }`,
    `mutation { setPhoneNumber(phoneNumber: "+14155550123") { ${RESULT_FIELDS} } }`,
    `mutation { disableTwoFactorAuth(password: "x", otp: "123456") { ${RESULT_FIELDS} } }`,
    `mutation { verifyBackupCode(code: "AAAAA-BBBBB") { ${RESULT_FIELDS} } }`,
  ];

  it("refuses every operation without a session", async () => {
    const browser = new GraphQLBrowser(app.url);
    for (const query of everyOperation) {
      const { status, body } = await browser.graphql(query);
      expect(status).toBe(200);
      expect(body.errors?.map((e) => e.extensions?.code)).toEqual(["UNAUTHENTICATED"]);
      expect(body.data).toSatisfy((data) => data === null || Object.values(data as object).every((v) => v === null));
    }
  });

  it("lets a pending session read `me`, but not change 2FA or the phone", async () => {
    const browser = await pendingBrowser(app.url, account);
    expect((await browser.me()).body.data?.me).toMatchObject({ email: account.email, twoFactorVerified: false });

    const otherPhone = randomPhone();
    for (const query of [
      `mutation { enableTwoFactorAuth { ${RESULT_FIELDS} } }`,
      `mutation { setPhoneNumber(phoneNumber: ${lit(otherPhone)}) { ${RESULT_FIELDS} } }`,
      `mutation { disableTwoFactorAuth(password: ${lit(account.password)}, otp: "123456") { ${RESULT_FIELDS} } }`,
    ]) {
      const { status, body } = await browser.graphql(query);
      expect(status).toBe(200);
      expect(body.data).toBeNull();
      expect(body.errors?.map((e) => e.extensions?.code)).toEqual(["SECOND_FACTOR_REQUIRED"]);
    }
    expect(await outboxCount(browser, otherPhone)).toBe(0);
    expect(await browser.session()).toMatchObject({ stage: "pending" });
    expect((await browser.me()).body.data?.me).toMatchObject({ twoFactorEnabled: true });
  });

  it("resends the sign-in code only to the number on record, after the cooldown", async () => {
    const browser = await pendingBrowser(app.url, account);
    const sent = await outboxCount(browser, account.phone);
    // The first code went out at sign-in a moment ago: the core's resend cooldown answers.
    const early = await browser.mutate("requestOtp");
    expect(early).toMatchObject({ success: false, code: "RATE_LIMITED" });
    expect(early.retryAfterSeconds).toBeGreaterThan(0);
    expect(await outboxCount(browser, account.phone)).toBe(sent);
  });

  it("counts a wrong code and stays pending", async () => {
    const browser = await pendingBrowser(app.url, account);
    const code = await browser.latestCode(account.phone);
    const wrong = code === "000000" ? "111111" : "000000";
    const { body } = await browser.graphql<{ verifyOtp: { success: boolean; code: string; attemptsLeft: number } }>(
      `mutation { verifyOtp(otp: ${lit(wrong)}) { success code attemptsLeft } }`,
    );
    expect(body.data?.verifyOtp).toEqual({ success: false, code: "INVALID_CODE", attemptsLeft: 4 });
    expect(await browser.session()).toMatchObject({ stage: "pending" });

    const malformed = await browser.mutate("verifyOtp", `otp: ${lit("12ab")}`);
    expect(malformed).toMatchObject({ success: false, code: "MALFORMED_CODE" });
    // Malformed input costs no guess.
    const again = await browser.mutate("verifyOtp", `otp: ${lit(wrong)}`);
    expect(again).toMatchObject({ code: "INVALID_CODE", attemptsLeft: 3 });
  });
});
