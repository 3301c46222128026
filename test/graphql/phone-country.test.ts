// Threat: a GraphQL client with a country picker sends a number as dialled there and the server
// reads it in no country (refused, or a code to someone else's number), or a malformed country is
// quietly ignored or crashes the request (a 500) instead of being refused with a code the client
// can branch on. setPhoneNumber's country reads a national number as dialled in that country; a
// country that is no ISO 3166-1 alpha-2 code answers BAD_USER_INPUT (400) and sends nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../support/app-server";
import { randomPhone } from "../support/fixtures";
import { randomMobile } from "../support/mobiles";
import { signedUpBrowser } from "./accounts";
import { lit, RESULT_FIELDS, type GraphQLBrowser, type MutationResult } from "./graphql-browser";

/** "+447412345678" → "07412 345678": as a British person types it. */
const gbNational = (e164: string) => `0${e164.slice(3, 7)} ${e164.slice(7)}`;
/** "+12015550123" → "(201) 555-0123": as a US person types it, without the +1. */
const usNational = (e164: string) => `(${e164.slice(2, 5)}) ${e164.slice(5, 8)}-${e164.slice(8)}`;

const SET_PHONE = `mutation ($phone: String!, $country: String) { setPhoneNumber(phoneNumber: $phone, country: $country) { ${RESULT_FIELDS} } }`;

describe("GraphQL setPhoneNumber with a country", () => {
  let app: AppServer;
  beforeAll(async () => {
    app = await startAppServer();
  });
  afterAll(async () => {
    await app?.stop();
  });

  const setPhone = (browser: GraphQLBrowser, phone: string, country?: unknown) =>
    browser.graphql<{ setPhoneNumber: MutationResult | null }>(SET_PHONE, { phone, ...(country === undefined ? {} : { country }) });

  const outboxFor = async (browser: GraphQLBrowser, to: string) => {
    const res = await browser.fetch(`/api/dev/outbox?to=${encodeURIComponent(to)}`);
    return ((await res.json()) as { messages: unknown[] }).messages;
  };

  it("reads a number typed as dialled in the given country, and the code it sends saves that number", { timeout: 60_000 }, async () => {
    const { browser } = await signedUpBrowser(app.url);
    const british = randomMobile("GB");
    const sent = await setPhone(browser, gbNational(british), "GB");
    expect(sent.status).toBe(200);
    expect(sent.body.data?.setPhoneNumber).toMatchObject({ success: true, code: null });
    const code = await browser.latestCode(british);
    expect(await browser.mutate("verifyOtp", `otp: ${lit(code)}`)).toMatchObject({ success: true });
    expect((await browser.me()).body.data?.me?.phoneHint).toBe(`•••• ${british.slice(-4)}`);

    // Lower case is the same country; a "+" number ignores the country.
    const { browser: other } = await signedUpBrowser(app.url);
    const american = randomPhone();
    expect((await setPhone(other, usNational(american), "us")).body.data?.setPhoneNumber).toMatchObject({ success: true });
    expect(await outboxFor(other, american)).toHaveLength(1);
    const { browser: third } = await signedUpBrowser(app.url);
    const plus = randomPhone();
    expect((await setPhone(third, plus, "GB")).body.data?.setPhoneNumber).toMatchObject({ success: true });
    expect(await outboxFor(third, plus)).toHaveLength(1);
  });

  it("without a country, a national number is INVALID_PHONE", async () => {
    const { browser } = await signedUpBrowser(app.url);
    const british = randomMobile("GB");
    expect((await setPhone(browser, gbNational(british))).body.data?.setPhoneNumber).toMatchObject({ success: false, code: "INVALID_PHONE" });
    expect((await setPhone(browser, gbNational(british), null)).body.data?.setPhoneNumber).toMatchObject({ success: false, code: "INVALID_PHONE" });
    expect(await outboxFor(browser, british)).toHaveLength(0);
  });

  it.each(["UK", "GBR", "+44", "", "G1", "ZZ", "gb; drop"])("country %j is refused with BAD_USER_INPUT, and nothing is sent", async (country) => {
    const { browser } = await signedUpBrowser(app.url);
    const british = randomMobile("GB");
    const refused = await setPhone(browser, gbNational(british), country);
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.map((e) => e.extensions?.code)).toEqual(["BAD_USER_INPUT"]);
    expect(refused.body.errors?.[0]?.message).toMatch(/ISO 3166-1 alpha-2/);
    expect(await outboxFor(browser, british)).toHaveLength(0);
  });

  it("a country of the wrong type is a 400 from the schema, never a 500", async () => {
    const { browser } = await signedUpBrowser(app.url);
    const refused = await setPhone(browser, gbNational(randomMobile("GB")), 44);
    expect(refused.status).toBe(400);
    expect(refused.body.data ?? null).toBeNull();
    expect(refused.body.errors?.length).toBeGreaterThan(0);
  });
});
