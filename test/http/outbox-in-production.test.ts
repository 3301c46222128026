// Threat: a production server with the dev outbox (SMS_PROVIDER=outbox, or test numbers next to a
// real provider) lets anyone who reaches it read the codes it "sends", so no account has a second
// factor. It must refuse to start without a loud staging opt-in, and even then serve the outbox
// only to a reader holding OUTBOX_TOKEN.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OUTBOX_TOKEN_HEADER, startAppServer, TEST_OUTBOX_TOKEN, type AppServer } from "../support/app-server";
import { startFakePlivo, type FakePlivo } from "../support/fake-plivo-server";
import { HttpSession } from "../support/http-session";
import { callAction } from "./support/server-actions";
import { PASSWORD } from "./support/two-factor-user";

const PLIVO = { authId: "MAFAKEAUTHID0000", authToken: "fake-auth-token-for-tests-0123456789" };
const TEST_NUMBER = "+12015550100";
const TOKEN_COOKIE = "twostep_outbox_token";

/** What start-up printed when it refused, or null when the server came up. ("" unsets a default.) */
async function refusal(env: Record<string, string | undefined>): Promise<string | null> {
  try {
    const app = await startAppServer(env);
    await app.stop();
    return null;
  } catch (error) {
    return String(error);
  }
}

/** Someone signs in and sends an enrollment code to `phone`: the outbox now holds a code. */
async function codeSentTo(app: AppServer, phone: string): Promise<void> {
  const session = new HttpSession(app.url);
  const email = `outbox-prod-${randomBytes(6).toString("hex")}@example.com`;
  await session.signUp(email, PASSWORD);
  expect(await session.signIn(email, PASSWORD)).toBe(true);
  const reply = await callAction(session, "/settings/security", "beginPhoneEnrollmentAction", { phone });
  expect(reply.result).toMatchObject({ status: "success" });
}

const get = (app: AppServer, path: string, headers: Record<string, string> = {}) => fetch(new URL(path, app.url), { headers, redirect: "manual" });

describe("the outbox in production", () => {
  let plivo: FakePlivo;
  let staging: AppServer;
  let withTestNumbers: AppServer;
  const plivoEnv = {
    SMS_PROVIDER: "plivo",
    PLIVO_AUTH_ID: PLIVO.authId,
    PLIVO_AUTH_TOKEN: PLIVO.authToken,
    PLIVO_PHONE_NUMBER: "+14155550100",
    TWOSTEP_STAGING_OUTBOX: "",
  };

  beforeAll(async () => {
    plivo = await startFakePlivo(PLIVO);
    [staging, withTestNumbers] = await Promise.all([
      startAppServer(),
      startAppServer({ ...plivoEnv, PLIVO_API_URL: plivo.url, SMS_TEST_NUMBERS: "enabled" }),
    ]);
    await Promise.all([codeSentTo(staging, TEST_NUMBER), codeSentTo(withTestNumbers, TEST_NUMBER)]);
  });
  afterAll(async () => {
    await Promise.all([staging?.stop(), withTestNumbers?.stop()]);
    await plivo?.close();
  });

  it("refuses to start with SMS_PROVIDER=outbox and no staging opt-in, saying why", async () => {
    const printed = await refusal({ TWOSTEP_STAGING_OUTBOX: "" });
    expect(printed).toMatch(/exited early/);
    expect(printed).toMatch(/SMS_PROVIDER=outbox in production/);
    expect(printed).toMatch(/TWOSTEP_STAGING_OUTBOX=i-understand-codes-are-readable/);
  });

  it("refuses an opt-in that is anything but the exact phrase", async () => {
    expect(await refusal({ TWOSTEP_STAGING_OUTBOX: "yes" })).toMatch(/TWOSTEP_STAGING_OUTBOX/);
  });

  it("refuses to start with a readable outbox and no OUTBOX_TOKEN, or a short one", async () => {
    expect(await refusal({ OUTBOX_TOKEN: "" })).toMatch(/OUTBOX_TOKEN: required in production/);
    expect(await refusal({ OUTBOX_TOKEN: "short-token" })).toMatch(/OUTBOX_TOKEN/);
    expect(await refusal({ ...plivoEnv, PLIVO_API_URL: plivo.url, SMS_TEST_NUMBERS: "enabled", OUTBOX_TOKEN: "" })).toMatch(
      /OUTBOX_TOKEN: required in production when SMS_TEST_NUMBERS=enabled/,
    );
  });

  it("staging: the outbox JSON and page are a 404 without the token, and readable with it", async () => {
    for (const path of ["/api/dev/outbox", `/api/dev/outbox?to=${encodeURIComponent(TEST_NUMBER)}`, "/dev/outbox"]) {
      const attempts: Record<string, string>[] = [{}, { [OUTBOX_TOKEN_HEADER]: "" }, { [OUTBOX_TOKEN_HEADER]: `${TEST_OUTBOX_TOKEN}x` }, { cookie: `${TOKEN_COOKIE}=guess` }];
      for (const headers of attempts) {
        const res = await get(staging, path, headers);
        expect(res.status, `${path} with ${JSON.stringify(headers)}`).toBe(404);
        expect(await res.text()).not.toMatch(/verification code/);
      }
    }
    const byHeader = await get(staging, "/api/dev/outbox", { [OUTBOX_TOKEN_HEADER]: TEST_OUTBOX_TOKEN });
    expect(byHeader.status).toBe(200);
    expect(JSON.stringify(await byHeader.json())).toMatch(/\d{6} is your twostep verification code/);
    const page = await get(staging, "/dev/outbox", { cookie: `${TOKEN_COOKIE}=${TEST_OUTBOX_TOKEN}` });
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/\d{6} is your twostep verification code/);
  });

  it("test numbers next to Plivo: their codes are a 404 without the token, readable with it", async () => {
    const path = `/api/dev/outbox?to=${encodeURIComponent(TEST_NUMBER)}`;
    for (const res of [await get(withTestNumbers, path), await get(withTestNumbers, "/api/dev/outbox")]) {
      expect(res.status).toBe(404);
      expect(await res.text()).not.toMatch(/verification code/);
    }
    const res = await get(withTestNumbers, path, { [OUTBOX_TOKEN_HEADER]: TEST_OUTBOX_TOKEN });
    expect(res.status).toBe(200);
    expect(JSON.stringify(await res.json())).toMatch(/\d{6} is your twostep verification code/);
  });

  it("says at start-up what a staging outbox exposes", () => {
    expect(staging.logs()).toMatch(/STAGING OUTBOX: .*readable .*OUTBOX_TOKEN/);
    expect(withTestNumbers.logs()).toMatch(/SMS_TEST_NUMBERS is enabled: .*no second factor/);
  });
});
