/**
 * Whether a secret from the environment is good enough for production. A length rule alone lets
 * `abcdefghabcdefghabcdefghabcdefgh` through; what matters is how many guesses it would take, so
 * the check estimates the bits an attacker who knows common patterns still has to guess.
 */

/** NIST SP 800-131A / 800-57: 128 bits of security for symmetric keys. */
export const MIN_SECRET_BITS = 128;

/** Two secrets sharing a run this long were not drawn independently (one was edited from the other). */
export const MAX_SHARED_RUN_CHARS = 12;

/** How to make one, in every message that refuses one. */
export const MAKE_A_SECRET = "make one with `openssl rand -base64 32`";

/** Shortest secret accepted anywhere, and how many different characters it must hold at least. */
export const MIN_SECRET_CHARS = 32;
const MIN_DISTINCT_CHARS = 8;

/**
 * The rule every server secret is read by (readSecret, OUTBOX_TOKEN, SECURITY_WEBHOOK_SECRET):
 * long and varied enough everywhere, and in production no guessable pattern either. The problem
 * to report, or null.
 */
export function secretStrengthProblem(name: string, value: string, mode: "development" | "production" | "test"): string | null {
  if (value.length < MIN_SECRET_CHARS || new Set(value).size < MIN_DISTINCT_CHARS) {
    return `${name}: too weak; use at least ${MIN_SECRET_CHARS} random characters (openssl rand -base64 32)`;
  }
  if (mode === "production" && estimateSecretBits(value) < MIN_SECRET_BITS) {
    // Long enough but guessable (a repeated or sequential pattern, a word): refused where it counts.
    return `${name}: too weak; it looks like a pattern (about ${Math.floor(estimateSecretBits(value))} bits, ${MIN_SECRET_BITS} needed): ${MAKE_A_SECRET}`;
  }
  return null;
}

/** Each pair of secrets that must be independent, checked with relatedSecretsProblem; absent ones are skipped. */
export function relatedSecretsProblems(secrets: { name: string; value: string | null | undefined }[]): string[] {
  const present = secrets.filter((s): s is { name: string; value: string } => typeof s.value === "string" && s.value !== "");
  const problems: string[] = [];
  for (let j = 1; j < present.length; j++) {
    for (let i = 0; i < j; i++) {
      const problem = relatedSecretsProblem(present[i]!, present[j]!);
      if (problem) problems.push(problem);
    }
  }
  return problems;
}

/** How far back a repeated pair of characters counts as a copy rather than chance. */
const REPEAT_WINDOW_CHARS = 16;

/**
 * A deliberately simple, pessimistic estimate: each character is worth log2 of the alphabet its
 * character classes span (lower, upper, digits, others), except a character that continues a
 * pattern (the same step as the one before, as in `aaaa` or `abcd` or `2468`, or a pair already
 * seen nearby, as in `abcdabcd`), which is worth one bit. Random base64 of 32 bytes scores ~260;
 * `abcdefgh` four times scores ~36.
 */
export function estimateSecretBits(secret: string): number {
  const chars = [...secret];
  const bitsPerChar = Math.log2(alphabetSize(chars));
  let bits = 0;
  for (let i = 0; i < chars.length; i++) bits += continuesPattern(chars, i) ? 1 : bitsPerChar;
  return bits;
}

/** The length of the longest run of characters the two secrets share (one containing the other counts fully). */
export function longestSharedRun(a: string, b: string): number {
  // Dynamic programming over suffix lengths; secrets are short, so O(|a|·|b|) is nothing.
  let previous = new Array<number>(b.length + 1).fill(0);
  let longest = 0;
  for (let i = 1; i <= a.length; i++) {
    const current = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) {
      if (a[i - 1] === b[j - 1]) {
        current[j] = previous[j - 1]! + 1;
        if (current[j]! > longest) longest = current[j]!;
      }
    }
    previous = current;
  }
  return longest;
}

/**
 * Problems with secrets that should be independent: one contains the other, or they share a long
 * run. One leaked value must not give away, or shorten the search for, the other.
 */
export function relatedSecretsProblem(first: { name: string; value: string }, second: { name: string; value: string }): string | null {
  if (!first.value || !second.value) return null;
  const shared = longestSharedRun(first.value, second.value);
  const shorter = Math.min(first.value.length, second.value.length);
  if (shared >= shorter) {
    return `${second.name}: must differ from ${first.name}, and neither may contain the other, so one leaked key does not give away the other; ${MAKE_A_SECRET} for each`;
  }
  if (shared >= MAX_SHARED_RUN_CHARS) {
    return `${second.name}: shares ${shared} characters in a row with ${first.name}; make each separately (${MAKE_A_SECRET} twice)`;
  }
  return null;
}

function alphabetSize(chars: string[]): number {
  let size = 0;
  if (chars.some((c) => c >= "a" && c <= "z")) size += 26;
  if (chars.some((c) => c >= "A" && c <= "Z")) size += 26;
  if (chars.some((c) => c >= "0" && c <= "9")) size += 10;
  if (chars.some((c) => !/[a-zA-Z0-9]/.test(c))) size += 33; // printable ASCII punctuation and space
  return Math.max(size, 2);
}

function continuesPattern(chars: string[], i: number): boolean {
  if (i >= 2) {
    const step = chars[i]!.codePointAt(0)! - chars[i - 1]!.codePointAt(0)!;
    const before = chars[i - 1]!.codePointAt(0)! - chars[i - 2]!.codePointAt(0)!;
    if (step === before && Math.abs(step) <= 2) return true;
  }
  if (i >= 1) {
    for (let back = 1; back <= REPEAT_WINDOW_CHARS && i - 1 - back >= 0; back++) {
      if (chars[i] === chars[i - back] && chars[i - 1] === chars[i - 1 - back]) return true;
    }
  }
  return false;
}
