import { headers } from "next/headers";
import { defaultSmsCountry, knownCountry, smsCountries, type SmsCountry } from "@twostep/core";
import { getConfig } from "../config";

/**
 * What a phone-entry form offers: the countries SMS may go to (SMS_ALLOWED_COUNTRIES), and the
 * one it starts on, guessed from the browser's Accept-Language, else the first one configured.
 */
export async function phoneCountryChoices(): Promise<{ countries: SmsCountry[]; defaultCountry: string }> {
  const allowed = [...getConfig().allowedCountries].filter((code) => knownCountry(code) !== undefined);
  const countries = smsCountries(allowed);
  const defaultCountry = defaultSmsCountry((await headers()).get("accept-language"), allowed) ?? countries[0]?.code ?? "US";
  return { countries, defaultCountry };
}
