/** More languages than any browser sends; a longer header is cut here, not parsed. */
const MAX_LANGUAGES = 20;

/**
 * The country a phone form starts on: from the browser's Accept-Language ("de-CH,de;q=0.9,en;q=0.8"),
 * the first language, by preference, whose region is one we send to. A language without a region
 * counts as its most likely one ("de" → DE, by CLDR's likely subtags); when none fits, the first
 * allowed country. Only a guess to save a click: the person picks another in the form.
 */
export function defaultSmsCountry(acceptLanguage: string | null | undefined, allowed: readonly string[]): string | null {
  const allowedSet = new Set(allowed);
  for (const tag of preferredLanguages(acceptLanguage ?? "")) {
    const region = regionOf(tag);
    if (region && allowedSet.has(region)) return region;
  }
  return allowed[0] ?? null;
}

/** Language tags by descending q (ties keep the header's order); q=0 means "not this one". */
function preferredLanguages(header: string): string[] {
  return header
    .split(",")
    .slice(0, MAX_LANGUAGES)
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const weight = q === undefined ? 1 : Number(q.slice(2));
      return { tag: tag.trim(), weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((l) => l.tag !== "" && l.tag !== "*" && l.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index)
    .map((l) => l.tag);
}

function regionOf(tag: string): string | null {
  try {
    const locale = new Intl.Locale(tag);
    return locale.region ?? locale.maximize().region ?? null;
  } catch {
    // Not a well-formed language tag: skip it.
    return null;
  }
}
