import { getCountryCallingCode, getExampleNumber } from "libphonenumber-js/max";
import mobileExamples from "libphonenumber-js/mobile/examples";
import { countryName } from "./country-names.js";
import { knownCountry } from "./normalize-phone.js";

/** One country a phone-entry form may offer: only those SMS may go to (SMS_ALLOWED_COUNTRIES). */
export type SmsCountry = {
  /** ISO 3166-1 alpha-2, e.g. "GB". */
  code: string;
  /** Its English name, e.g. "United Kingdom". */
  name: string;
  /** Country calling code without "+", e.g. "44". */
  callingCode: string;
  /** A mobile number of that country as it is dialled there, for a placeholder ("07400 123456"). */
  example: string | null;
};

/**
 * The allowed countries as a form offers them, in alphabetical order of name. Codes
 * libphonenumber doesn't know are left out: no number of theirs could be read anyway.
 */
export function smsCountries(allowed: Iterable<string>): SmsCountry[] {
  const countries: SmsCountry[] = [];
  for (const candidate of new Set(allowed)) {
    const code = knownCountry(candidate);
    if (!code) continue;
    countries.push({ code, name: countryName(code), callingCode: getCountryCallingCode(code), example: getExampleNumber(code, mobileExamples)?.formatNational() ?? null });
  }
  return countries.sort((a, b) => a.name.localeCompare(b.name, "en"));
}
