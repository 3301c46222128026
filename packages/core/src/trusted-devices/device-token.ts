import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * A trusted-device token is "<id>.<secret>": the id finds the record, the 256-bit secret proves the
 * browser holds what was issued. Only a keyed hash of the secret is stored, under a key derived
 * from the code-hash key (so a database dump alone cannot mint a token), bound to the id and the
 * user (so a row moved to another user checks for nobody).
 */
const ID_BYTES = 16;
const SECRET_BYTES = 32;
const TOKEN_PATTERN = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;
const ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

export type DeviceToken = { id: string; secret: string };

export function newDeviceToken(): DeviceToken {
  return { id: randomBytes(ID_BYTES).toString("base64url"), secret: randomBytes(SECRET_BYTES).toString("base64url") };
}

export const formatDeviceToken = (token: DeviceToken) => `${token.id}.${token.secret}`;

/** The parts of a well-formed token; anything else (any type, any length) is null. */
export function parseDeviceToken(value: unknown): DeviceToken | null {
  if (typeof value !== "string" || value.length > 100) return null;
  const match = TOKEN_PATTERN.exec(value);
  return match ? { id: match[1]!, secret: match[2]! } : null;
}

/**
 * An id as newDeviceToken makes them. What a client sends as one goes to the store only if it is:
 * PostgreSQL refuses a NUL byte in text with an error, which would answer "unavailable".
 */
export function isDeviceId(value: unknown): value is string {
  return typeof value === "string" && ID_PATTERN.test(value);
}

export function createDeviceSecretHasher(codeHashKey: string) {
  // Its own key: a hash of this kind can never be confused with a code or backup-code hash.
  const key = createHmac("sha256", codeHashKey).update("twostep trusted-device secret v1").digest();
  const hash = (userId: string, token: DeviceToken) =>
    createHmac("sha256", key).update(`${userId}\u0000${token.id}\u0000${token.secret}`).digest("base64url");
  return {
    hash,
    matches(userId: string, token: DeviceToken, stored: string): boolean {
      const expected = Buffer.from(hash(userId, token));
      const given = Buffer.from(stored);
      return expected.length === given.length && timingSafeEqual(expected, given);
    },
  };
}
