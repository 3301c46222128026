import { getCountries, getCountryCallingCode } from "libphonenumber-js/max";

let known: ReadonlySet<string> | undefined;

/** Whether `code` ("44", no "+") is the calling code of some country libphonenumber knows. */
export function knownCallingCode(code: string): boolean {
  known ??= new Set(getCountries().map((region) => getCountryCallingCode(region)));
  return known.has(code);
}
