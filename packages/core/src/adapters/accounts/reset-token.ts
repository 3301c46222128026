import { createHmac, hkdfSync, randomBytes } from "node:crypto";

/** 256 bits from the CSPRNG: a link is a bearer credential, so it must be unguessable. */
const RESET_TOKEN_BYTES = 32;

/** 32 bytes in base64url, no padding: exactly 43 characters of that alphabet. */
const RESET_TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function newResetToken(): string {
  return randomBytes(RESET_TOKEN_BYTES).toString("base64url");
}

/** The token when the value has a token's shape, else null: anything else is refused before any lookup. */
export function parseResetToken(value: unknown): string | null {
  return typeof value === "string" && RESET_TOKEN_SHAPE.test(value) ? value : null;
}

export type ResetTokenHasher = (token: string) => string;

/**
 * Tokens are stored only as HMAC-SHA256 under a key derived from the code-hash key (its own
 * derivation, so a reset hash and a code hash never share a key). Keyed rather than a plain
 * SHA-256: with write access to the table alone, nobody can plant a link they know.
 */
export function createResetTokenHasher(codeHashKey: string): ResetTokenHasher {
  return createLinkTokenHasher(codeHashKey, "twostep password reset token v1");
}

/** The same for another kind of emailed link; `purpose` keeps each kind's key its own. */
export function createLinkTokenHasher(codeHashKey: string, purpose: string): ResetTokenHasher {
  if (codeHashKey.length < 32) throw new Error("the code hashing key must be at least 32 characters");
  const key = Buffer.from(hkdfSync("sha256", codeHashKey, "twostep", purpose, 32));
  return (token) => createHmac("sha256", key).update(token).digest("hex");
}
