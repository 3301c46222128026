// No libphonenumber here: messages.ts names countries, and pages may bundle it for the browser.
const regionNames = new Intl.DisplayNames(["en"], { type: "region", fallback: "code" });

/** "GB" → "United Kingdom" (English; the code itself when unknown). */
export function countryName(code: string): string {
  return regionNames.of(code) ?? code;
}

/** "United States, Canada and Germany": the countries we send to, in the words of a sentence. */
export function listCountryNames(codes: Iterable<string>): string {
  const names = [...codes].map(countryName);
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}
