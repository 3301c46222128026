import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Codes are stored only as HMAC-SHA256 under a server key. A slow hash (bcrypt, argon2) buys
 * nothing here: 10^6 codes fall to any offline search, so the protection is the key, which a
 * database leak alone does not reveal. The user and purpose are bound in, so a hash copied from
 * one challenge row can't validate another.
 */
export type CodeHasher = (input: { userId: string; purpose: string; code: string }) => string;

export function createCodeHasher(key: string): CodeHasher {
  if (key.length < 32) throw new Error("the code hashing key must be at least 32 characters");
  return ({ userId, purpose, code }) =>
    createHmac("sha256", key).update(`${userId}\u0000${purpose}\u0000${code}`).digest("hex");
}

/** Constant-time equality of two hex digests of the same length. */
export function digestsEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, "hex");
  const right = Buffer.from(b, "hex");
  return left.length === right.length && timingSafeEqual(left, right);
}
