import { createHash } from "node:crypto";

/**
 * A short name for one stored password hash, so a sign-in can later ask "is the password I
 * verified still the account's?" (accounts.checkPasswordStamp) without carrying the hash around.
 * Every new hash has a new salt, so even the same password set again gets a new stamp. A digest
 * of the hash, never the hash: it may travel through a host's sign-in code, and 96 bits cannot be
 * mistaken for another hash of the same account.
 */
export function passwordStamp(passwordHash: string): string {
  return createHash("sha256").update(passwordHash).digest("base64url").slice(0, 16);
}
