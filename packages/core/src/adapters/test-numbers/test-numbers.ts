/**
 * Test numbers: +1 201 555 0100 … +1 201 555 0199. The 555-01xx block is reserved for fiction by
 * the North American Numbering Plan, so no real phone has one, yet libphonenumber (max metadata)
 * accepts them as valid US FIXED_LINE_OR_MOBILE numbers, so they pass the same checks as real
 * ones. When enabled (config smsTestNumbers) they never reach the provider: their SMS go to the
 * outbox, and a few simulate trouble so people can try their own UX (docs/test-numbers.md).
 */
export const TEST_NUMBER_PREFIX = "+1201555";
const FIRST = 100;
const LAST = 199;

export type TestNumberBehaviour =
  /** Lands in the outbox as delivered. */
  | "deliver"
  /** Accepted ("queued"), then reported "undelivered" shortly after; never shows in the outbox. */
  | "never_delivered"
  /** The provider answers 5xx: the send fails (SEND_FAILED), no code is live. */
  | "provider_error"
  /** Accepted ("queued"); reported "delivered", and shows in the outbox, only after a delay. */
  | "delayed_delivery"
  /** The provider's fraud screen blocks it: the send fails (SEND_FAILED), status "rejected". */
  | "blocked_as_fraud";

/** The numbers that simulate trouble; every other test number delivers. 0194–0199 are kept for more. */
export const SIMULATED_TEST_NUMBERS: Readonly<Record<string, TestNumberBehaviour>> = {
  "+12015550190": "never_delivered",
  "+12015550191": "provider_error",
  "+12015550192": "delayed_delivery",
  "+12015550193": "blocked_as_fraud",
};

export function isTestNumber(e164: string): boolean {
  if (!e164.startsWith(TEST_NUMBER_PREFIX) || e164.length !== TEST_NUMBER_PREFIX.length + 4) return false;
  const line = Number(e164.slice(TEST_NUMBER_PREFIX.length));
  return Number.isInteger(line) && line >= FIRST && line <= LAST;
}

/** What a test number does, or null for a real number. */
export function testNumberBehaviour(e164: string): TestNumberBehaviour | null {
  if (!isTestNumber(e164)) return null;
  return SIMULATED_TEST_NUMBERS[e164] ?? "deliver";
}
