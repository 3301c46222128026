/** Countries SMS may go to unless configured otherwise: a conservative start. */
export const DEFAULT_ALLOWED_COUNTRIES = "US,CA,GB,IE,FR,DE,ES,IT,NL,BE,AT,CH,SE,NO,DK,FI,PT,PL,AU,NZ";

/** "us, gb" → ["US", "GB"]: ISO 3166-1 alpha-2 codes, upper-cased, blanks dropped. */
export function parseCountryList(list: string): string[] {
  return list.split(",").map((c) => c.trim().toUpperCase()).filter(Boolean);
}
