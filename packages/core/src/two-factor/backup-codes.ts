import { createHmac, randomInt } from "node:crypto";

/** 10 codes of 10 characters from a 32-letter alphabet: 50 bits each, far past online guessing. */
export const BACKUP_CODE_COUNT = 10;
const BACKUP_CODE_LENGTH = 10;
// Crockford's base32 without I, L, O, U: nothing to misread when typed from paper.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** "7KQ3M-X9D2A": grouped for reading, compared without the dash and case-insensitively. */
export function generateBackupCode(): string {
  let raw = "";
  for (let i = 0; i < BACKUP_CODE_LENGTH; i++) raw += ALPHABET[randomInt(ALPHABET.length)];
  return `${raw.slice(0, 5)}-${raw.slice(5)}`;
}

/** Canonical form of what a person typed, or null if it can't be a backup code. */
export function normalizeBackupCode(input: unknown): string | null {
  if (typeof input !== "string" || input.length > 40) return null;
  const compact = input.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
  if (compact.length !== BACKUP_CODE_LENGTH) return null;
  for (const ch of compact) if (!ALPHABET.includes(ch)) return null;
  return compact;
}

/** Keyed hash, bound to the user, so a leaked table alone gives nothing to try. */
export function hashBackupCode(key: string, userId: string, normalized: string): string {
  return createHmac("sha256", key).update(`backup\u0000${userId}\u0000${normalized}`).digest("hex");
}
