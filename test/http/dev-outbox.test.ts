// Threat: the dev outbox, which shows SMS texts (and so codes), is served while real SMS go out
// through Plivo: anyone could read other people's codes. It must exist only with the outbox sender.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, TEST_OUTBOX_TOKEN, type AppServer } from "../support/app-server";
import { startFakePlivo, type FakePlivo } from "../support/fake-plivo-server";
import { randomPhone } from "../support/fixtures";
import { HttpSession } from "../support/http-session";
import { callAction } from "./support/server-actions";
import { PASSWORD } from "./support/two-factor-user";

describe("/dev/outbox", () => {
  let outboxApp: AppServer;
  let plivoApp: AppServer;
  let plivo: FakePlivo;

  beforeAll(async () => {
    plivo = await startFakePlivo({ authId: "MAFAKEAUTHID0000", authToken: "fake-auth-token-for-tests-0123456789" });
    [outboxApp, plivoApp] = await Promise.all([
      startAppServer(),
      startAppServer({
        SMS_PROVIDER: "plivo",
        SMS_TEST_NUMBERS: "disabled",
        PLIVO_AUTH_ID: "MAFAKEAUTHID0000",
        PLIVO_AUTH_TOKEN: "fake-auth-token-for-tests-0123456789",
        PLIVO_PHONE_NUMBER: "+14155550100",
        PLIVO_API_URL: plivo.url,
      }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([outboxApp?.stop(), plivoApp?.stop()]);
    await plivo?.close();
  });

  it("lists the outbox's messages, newest first, with number, text and time", async () => {
    // Two people, one code each (one person's second code would wait out the resend cooldown).
    const [first, second] = [randomPhone(), randomPhone()];
    for (const [index, phone] of [first, second].entries()) {
      const session = new HttpSession(outboxApp.url);
      const email = `outbox-${index}-${Date.now()}@example.com`;
      await session.signUp(email, PASSWORD);
      expect(await session.signIn(email, PASSWORD)).toBe(true);
      const reply = await callAction(session, "/settings/security", "beginPhoneEnrollmentAction", { phone });
      expect(reply.result).toMatchObject({ status: "success" });
    }
    const res = await fetch(new URL("/dev/outbox", outboxApp.url), { headers: { cookie: `twostep_outbox_token=${TEST_OUTBOX_TOKEN}` } });
    expect(res.status).toBe(200);
    const html = (await res.text()).replaceAll("<!-- -->", "");
    const firstAt = html.indexOf(first);
    const secondAt = html.indexOf(second);
    expect(secondAt).toBeGreaterThan(-1);
    expect(firstAt).toBeGreaterThan(secondAt);
    expect(html).toMatch(/\d{6} is your twostep verification code/);
    expect(html).toMatch(/<time dateTime="[^"]+"/);
  });

  it("is a 404 while SMS go to Plivo", async () => {
    const res = await fetch(new URL("/dev/outbox", plivoApp.url));
    expect(res.status).toBe(404);
    expect(await res.text()).not.toMatch(/verification code/);
  });
});
