// The max metadata: only it holds each region's number-type patterns, so only it can tell a
// landline or a premium-rate number from a mobile (the min build answers no type at all, and
// the mobile build knows mobiles only). A valid number always has a type under it.
import { isSupportedCountry, parsePhoneNumberWithError, type CountryCode } from "libphonenumber-js/max";

export type NormalizedPhone = {
  /** E.164, e.g. "+14155550123". */
  e164: string;
  /** ISO 3166-1 alpha-2 region, e.g. "US". */
  country: string;
  /** Country calling code without "+", e.g. "1". */
  callingCode: string;
  /** libphonenumber's number type, if known ("MOBILE", "FIXED_LINE_OR_MOBILE", "PREMIUM_RATE", ...). */
  type: string | undefined;
};

export type PhoneParseResult =
  | { ok: true; phone: NormalizedPhone }
  | { ok: false; code: "INVALID_PHONE" };

/**
 * Parses what a person typed ("+1 (415) 555-0123", "+44 7700 900123") into E.164. A national
 * number without "+" ("(201) 555-0123", "07400 123456") is read in `defaultCountry`: the country
 * a picker beside the field names. A country libphonenumber doesn't know is ignored (so only a
 * number with its "+" code can parse), never an error of its own.
 */
export function normalizePhone(input: unknown, defaultCountry?: string): PhoneParseResult {
  if (typeof input !== "string" || input.trim() === "" || input.length > 40) {
    return { ok: false, code: "INVALID_PHONE" };
  }
  try {
    const parsed = parsePhoneNumberWithError(input.trim(), knownCountry(defaultCountry));
    if (!parsed.isValid() || !parsed.country) return { ok: false, code: "INVALID_PHONE" };
    return {
      ok: true,
      phone: {
        e164: parsed.number,
        country: parsed.country,
        callingCode: parsed.countryCallingCode,
        type: parsed.getType(),
      },
    };
  } catch {
    return { ok: false, code: "INVALID_PHONE" };
  }
}

/** An ISO 3166-1 alpha-2 code libphonenumber has metadata for, upper-cased; otherwise undefined. */
export function knownCountry(country: unknown): CountryCode | undefined {
  if (typeof country !== "string") return undefined;
  const upper = country.trim().toUpperCase();
  return /^[A-Z]{2}$/.test(upper) && isSupportedCountry(upper) ? (upper as CountryCode) : undefined;
}

/** Only these number types are known to receive SMS; premium-rate, shared-cost and unknown are not sent to. */
const SMS_CAPABLE_TYPES = new Set(["MOBILE", "FIXED_LINE_OR_MOBILE"]);

export function canReceiveSms(phone: NormalizedPhone): boolean {
  return phone.type !== undefined && SMS_CAPABLE_TYPES.has(phone.type);
}

/** Numbers that earn or cost per call: sending to them is what SMS pumping is paid for. */
const SERVICE_TYPES = new Set(["PREMIUM_RATE", "TOLL_FREE", "SHARED_COST"]);

/**
 * Why a parsed number won't be sent a code, in words a person can act on, or null when it may be.
 * A landline and a premium-rate, toll-free or shared-cost number each get their own code; any
 * other type that can't take SMS (VoIP, pager, personal or universal-access numbers) is
 * INVALID_PHONE. FIXED_LINE_OR_MOBILE (all of North America) is sent to, as before.
 */
export function smsRefusal(phone: NormalizedPhone): "PHONE_IS_LANDLINE" | "PHONE_IS_SERVICE_NUMBER" | "INVALID_PHONE" | null {
  if (canReceiveSms(phone)) return null;
  if (phone.type === "FIXED_LINE") return "PHONE_IS_LANDLINE";
  if (phone.type !== undefined && SERVICE_TYPES.has(phone.type)) return "PHONE_IS_SERVICE_NUMBER";
  return "INVALID_PHONE";
}
