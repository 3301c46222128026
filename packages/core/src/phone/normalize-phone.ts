import { parsePhoneNumberWithError, type CountryCode } from "libphonenumber-js/max";

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
 * Parses what a person typed ("+1 (415) 555-0123", "+44 7700 900123") into E.164.
 * A national number without "+" is read in `defaultCountry` when one is given.
 */
export function normalizePhone(input: unknown, defaultCountry?: string): PhoneParseResult {
  if (typeof input !== "string" || input.trim() === "" || input.length > 40) {
    return { ok: false, code: "INVALID_PHONE" };
  }
  try {
    const parsed = parsePhoneNumberWithError(input.trim(), defaultCountry as CountryCode | undefined);
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

/** Only these number types are known to receive SMS; premium-rate, shared-cost and unknown are not sent to. */
const SMS_CAPABLE_TYPES = new Set(["MOBILE", "FIXED_LINE_OR_MOBILE"]);

export function canReceiveSms(phone: NormalizedPhone): boolean {
  return phone.type !== undefined && SMS_CAPABLE_TYPES.has(phone.type);
}
