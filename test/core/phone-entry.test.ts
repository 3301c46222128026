// Behaviour: a person adding a phone types it as they know it, in their country's national format
// or with its "+" code, and when it can't be used is told why in words they can act on: a
// landline, a premium-rate, toll-free or shared-cost number, a country we don't send to (naming
// those we do), or not a number at all. Nothing is sent to any of them. The form starts on the
// country the browser's language suggests, among the allowed ones only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  defaultSmsCountry,
  describeEnrollmentFailure,
  describeFailure,
  errorMessages,
  normalizePhone,
  smsCountries,
  smsRefusal,
} from "@twostep/core";
import { startCore } from "../support/core-instance";
import { randomIp, randomPhone } from "../support/fixtures";
import { latestOutboxCode } from "../support/outbox-codes";

/** "+12015550123" → "(201) 555-0123", as a US person types it. */
const usNational = (e164: string) => `(${e164.slice(2, 5)}) ${e164.slice(5, 8)}-${e164.slice(8)}`;

describe("reading what a person typed", () => {
  it("reads a national number in the picked country, and a + number whatever the country", () => {
    expect(normalizePhone("(201) 555-0123", "US")).toMatchObject({ ok: true, phone: { e164: "+12015550123", country: "US" } });
    expect(normalizePhone("07400 123456", "GB")).toMatchObject({ ok: true, phone: { e164: "+447400123456", country: "GB", type: "MOBILE" } });
    expect(normalizePhone("06 12 34 56 78", "FR")).toMatchObject({ ok: true, phone: { e164: "+33612345678", country: "FR" } });
    // The "+" code wins over the picker: a British number typed with +44 while US is picked.
    expect(normalizePhone("+44 7400 123456", "US")).toMatchObject({ ok: true, phone: { e164: "+447400123456", country: "GB" } });
  });

  it("can't read a national number without a country, or with one libphonenumber doesn't know", () => {
    expect(normalizePhone("(201) 555-0123")).toEqual({ ok: false, code: "INVALID_PHONE" });
    expect(normalizePhone("(201) 555-0123", "XX")).toEqual({ ok: false, code: "INVALID_PHONE" });
    expect(normalizePhone("(201) 555-0123", "not a country")).toEqual({ ok: false, code: "INVALID_PHONE" });
    // A "+" number still reads with a nonsense country beside it.
    expect(normalizePhone("+1 201 555 0123", "XX")).toMatchObject({ ok: true, phone: { e164: "+12015550123" } });
  });

  it.each([
    ["a GB landline", "020 7946 0018", "GB", "PHONE_IS_LANDLINE"],
    ["a FR landline", "+33 1 23 45 67 89", undefined, "PHONE_IS_LANDLINE"],
    ["a US premium-rate number", "+1 900 555 1234", undefined, "PHONE_IS_SERVICE_NUMBER"],
    ["a GB premium-rate number", "0901 234 5678", "GB", "PHONE_IS_SERVICE_NUMBER"],
    ["a US toll-free number", "(800) 555-1234", "US", "PHONE_IS_SERVICE_NUMBER"],
    ["a GB toll-free number", "0800 123 4567", "GB", "PHONE_IS_SERVICE_NUMBER"],
    ["a FR shared-cost number", "+33 8 84 01 23 45", undefined, "PHONE_IS_SERVICE_NUMBER"],
    ["a GB VoIP number", "+44 56 1234 5678", undefined, "INVALID_PHONE"],
  ])("names %s for what it is", (_kind, typed, country, code) => {
    const parsed = normalizePhone(typed, country);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(smsRefusal(parsed.phone)).toBe(code);
  });

  it("sends to mobiles and to numbers that may be either (all of North America)", () => {
    for (const [typed, country] of [["07400 123456", "GB"], ["06 12 34 56 78", "FR"], ["(415) 555-0123", "US"]] as const) {
      const parsed = normalizePhone(typed, country);
      expect(parsed.ok && smsRefusal(parsed.phone)).toBeNull();
    }
  });
});

describe("what the person reads", () => {
  it("says landline, paid number and invalid number apart, each with a way on", () => {
    expect(errorMessages.PHONE_IS_LANDLINE).toMatch(/landline/);
    expect(errorMessages.PHONE_IS_LANDLINE).toMatch(/mobile number/);
    expect(errorMessages.PHONE_IS_SERVICE_NUMBER).toMatch(/premium-rate, toll-free and shared-cost/i);
    expect(new Set([errorMessages.INVALID_PHONE, errorMessages.PHONE_IS_LANDLINE, errorMessages.PHONE_IS_SERVICE_NUMBER]).size).toBe(3);
  });

  it("names the countries we do send to when a number's country isn't one", () => {
    const message = describeFailure({ code: "COUNTRY_NOT_ALLOWED", allowedCountries: ["US", "GB", "FR"] });
    expect(message).toBe("We can't send SMS to that country. We send SMS to numbers in United States, United Kingdom and France.");
    expect(describeFailure({ code: "COUNTRY_NOT_ALLOWED", allowedCountries: ["CA"] })).toMatch(/numbers in Canada\.$/);
  });

  it("never points someone adding a number to backup codes; a fraud block says to use another number", () => {
    expect(describeEnrollmentFailure({ code: "PHONE_BLOCKED_BY_PROVIDER" })).toBe("This number can't receive our SMS; use another number.");
    for (const code of ["SEND_FAILED", "PHONE_BLOCKED_BY_PROVIDER", "COUNTRY_PAUSED"] as const) {
      expect(describeEnrollmentFailure({ code, retryAfterSeconds: 60 })).not.toMatch(/backup code/i);
    }
    // At sign-in the backup codes are the way out.
    expect(describeFailure({ code: "PHONE_BLOCKED_BY_PROVIDER" })).toMatch(/backup code/);
  });

  it("says when a paused country can be tried again once, in place of \"later\"", () => {
    expect(describeFailure({ code: "COUNTRY_PAUSED", retryAfterSeconds: 3600 })).toBe(
      "SMS to this country is paused for now. Use a backup code, or try again in 1 hour.",
    );
    expect(describeEnrollmentFailure({ code: "COUNTRY_PAUSED", retryAfterSeconds: 120 })).toBe(
      "SMS to this country is paused for now. Use a number in another country, or try again in 2 minutes.",
    );
    expect(describeFailure({ code: "COUNTRY_PAUSED" })).toBe("SMS to this country is paused for now. Use a backup code, or try again later.");
    expect(describeFailure({ code: "RATE_LIMITED", retryAfterSeconds: 30 })).toBe("Too many tries for now. Try again in 30 seconds.");
    expect(describeFailure({ code: "RATE_LIMITED" })).toBe("Too many tries for now. Try again later.");
    // A message without "later" gets the time as a sentence of its own.
    expect(describeFailure({ code: "LOCKED", retryAfterSeconds: 600 })).toBe("Too many failed attempts. Verification is paused for a while. Try again in 10 minutes.");
  });
});

describe("adding a phone through the core", () => {
  let core: Awaited<ReturnType<typeof startCore>>;
  beforeAll(async () => {
    core = await startCore({ SMS_ALLOWED_COUNTRIES: "US,GB,FR" });
  });
  afterAll(async () => core?.stop());

  const newUser = async () => {
    const created = await core.twostep.accounts.signUp({ email: `phone-entry-${randomIp()}-${Date.now()}@example.com`, password: "a perfectly fine passphrase", ip: randomIp() });
    if (!created.ok) throw new Error(`sign-up failed: ${created.code}`);
    return created.user.id;
  };
  const begin = (userId: string, phone: string, country?: string) => core.twostep.twoFactor.beginPhoneEnrollment({ userId, phone, country, ip: randomIp() });

  it("takes a national number with the picked country, and the code it sends proves that number", async () => {
    const userId = await newUser();
    const phone = randomPhone();
    expect(await begin(userId, usNational(phone), "US")).toMatchObject({ ok: true, status: { phoneLastDigits: phone.slice(-4) } });
    const code = await latestOutboxCode(core.twostep.smsLog, phone);
    expect(await core.twostep.twoFactor.confirmPhoneEnrollment({ userId, code })).toEqual({ ok: true, phoneLastDigits: phone.slice(-4) });
    expect((await core.twostep.accounts.byId(userId))?.phoneE164).toBe(phone);
  });

  it("refuses each kind with its own code and sends nothing", async () => {
    const userId = await newUser();
    expect(await begin(userId, "020 7946 0018", "GB")).toEqual({ ok: false, code: "PHONE_IS_LANDLINE" });
    expect(await begin(userId, "(800) 555-1234", "US")).toEqual({ ok: false, code: "PHONE_IS_SERVICE_NUMBER" });
    expect(await begin(userId, "+49 1512 3456789", "US")).toEqual({ ok: false, code: "COUNTRY_NOT_ALLOWED", allowedCountries: ["US", "GB", "FR"] });
    // A country outside the list can't be slipped in through the picker's field either.
    expect(await begin(userId, "01512 3456789", "DE")).toEqual({ ok: false, code: "COUNTRY_NOT_ALLOWED", allowedCountries: ["US", "GB", "FR"] });
    expect(await begin(userId, "(201) 555-01", "US")).toEqual({ ok: false, code: "INVALID_PHONE" });
    expect(await core.twostep.twoFactor.codeState({ userId, purpose: "enroll_phone" })).toBeNull();
    for (const to of ["+442079460018", "+18005551234", "+4915123456789"]) expect(await core.twostep.smsLog.outbox({ to })).toEqual([]);
  });
});

describe("the country a form starts on", () => {
  const allowed = ["US", "CA", "GB", "DE", "CH", "FR"];

  it("takes the region of the most preferred language we send to", () => {
    expect(defaultSmsCountry("en-GB,en;q=0.9", allowed)).toBe("GB");
    expect(defaultSmsCountry("de-CH,de;q=0.9,en;q=0.8", allowed)).toBe("CH");
    // By q, not by position.
    expect(defaultSmsCountry("en-US;q=0.5,fr-FR;q=0.9", allowed)).toBe("FR");
    // A language alone counts as its likely region (de → Germany).
    expect(defaultSmsCountry("de,en-US;q=0.7", allowed)).toBe("DE");
    // A region we don't send to is passed over for the next language.
    expect(defaultSmsCountry("es-MX,en-CA;q=0.8", allowed)).toBe("CA");
  });

  it("falls back to the first allowed country", () => {
    expect(defaultSmsCountry(null, allowed)).toBe("US");
    expect(defaultSmsCountry("", allowed)).toBe("US");
    expect(defaultSmsCountry("ja-JP", allowed)).toBe("US");
    expect(defaultSmsCountry("*", ["GB", "US"])).toBe("GB");
    expect(defaultSmsCountry("en-GB;q=0", ["FR", "GB"])).toBe("FR");
    expect(defaultSmsCountry(";;,,q=,!!", ["FR"])).toBe("FR");
    expect(defaultSmsCountry("en-GB", [])).toBeNull();
  });

  it("offers only the allowed countries, by name, with calling code and an example to type", () => {
    const offered = smsCountries(["US", "GB", "FR", "ZZ"]);
    expect(offered.map((c) => c.code)).toEqual(["FR", "GB", "US"]);
    expect(offered.find((c) => c.code === "GB")).toMatchObject({ name: "United Kingdom", callingCode: "44" });
    for (const country of offered) {
      expect(country.example).toBeTruthy();
      const parsed = normalizePhone(country.example!, country.code);
      expect(parsed.ok && smsRefusal(parsed.phone)).toBeNull();
    }
  });
});
