import { CODE_DIGITS } from "../policy.js";

const CODE_PATTERN = new RegExp(`^\\d{${CODE_DIGITS}}$`);

/**
 * Accepts what people paste: "123 456", " 123456\n". Anything else is malformed and never
 * reaches the store, so it does not cost the user a guess.
 */
export function parseCode(input: unknown): string | null {
  if (typeof input !== "string" || input.length > 64) return null;
  const compact = input.replace(/\s+/g, "");
  return CODE_PATTERN.test(compact) ? compact : null;
}
