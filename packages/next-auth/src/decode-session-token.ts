import { createDecipheriv, createHash, createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { decode } from "next-auth/jwt";

/**
 * Reads Auth.js's session cookie (a JWE, "dir" + A256CBC-HS512, RFC 7516 / 7518 §5.2) with the
 * key derived once per secret instead of on every call. Auth.js's decode() runs HKDF, a JWK
 * thumbprint and WebCrypto's AES and HMAC on each request, each a hop to the thread pool: about
 * half a millisecond of a GraphQL request. Here it is node:crypto, synchronous, a few microseconds.
 *
 * The checks are decode()'s: the header names this key (kid) and algorithm, the tag is compared in
 * constant time before anything is decrypted, and `exp` / `nbf` are honoured with the same 15 s
 * tolerance. A token in any other shape (another `enc`, say) goes to decode() itself, so nothing
 * Auth.js would accept is refused and nothing it would refuse is accepted.
 */
export async function decodeSessionToken(token: string, secret: string, salt: string): Promise<Record<string, unknown> | null> {
  const parts = token.split(".");
  if (parts.length !== 5) return null;
  const [protectedHeader, encryptedKey, iv, ciphertext, tag] = parts as [string, string, string, string, string];
  const key = keyFor(secret, salt);
  const seen = decoded.get(token);
  if (seen?.key === key) return checkedTimes({ ...seen.payload });
  const header = parseJson(Buffer.from(protectedHeader, "base64url").toString("utf8"));
  const ours = header?.alg === "dir" && header.enc === ENC && header.kid === key.kid && encryptedKey === "" && !("zip" in header) && !("crit" in header);
  if (!ours) return (await decode({ token, secret, salt })) as Record<string, unknown> | null;

  const ivBytes = Buffer.from(iv, "base64url");
  const ciphertextBytes = Buffer.from(ciphertext, "base64url");
  const aad = Buffer.from(protectedHeader, "ascii");
  const aadBits = Buffer.alloc(8);
  aadBits.writeBigUInt64BE(BigInt(aad.length * 8));
  const expected = createHmac("sha512", key.mac).update(aad).update(ivBytes).update(ciphertextBytes).update(aadBits).digest().subarray(0, 32);
  const given = Buffer.from(tag, "base64url");
  if (ivBytes.length !== 16 || given.length !== expected.length || !timingSafeEqual(given, expected)) throw new Error("session token tag mismatch");

  const decipher = createDecipheriv("aes-256-cbc", key.enc, ivBytes);
  const payload = parseJson(Buffer.concat([decipher.update(ciphertextBytes), decipher.final()]).toString("utf8"));
  if (!payload) throw new Error("session token payload is not a JSON object");
  if (payload.iat !== undefined && typeof payload.iat !== "number") throw new Error("session token iat is not a number");
  checkedTimes(payload);
  remember(token, key, payload);
  return { ...payload };
}

/** `exp` and `nbf` against the clock now: on every read, a remembered token's too. */
function checkedTimes(payload: Record<string, unknown>): Record<string, unknown> {
  const nowSeconds = Math.floor(Date.now() / 1000);
  if (payload.exp !== undefined && (typeof payload.exp !== "number" || payload.exp <= nowSeconds - CLOCK_TOLERANCE_SECONDS)) throw new Error("session token expired");
  if (payload.nbf !== undefined && (typeof payload.nbf !== "number" || payload.nbf > nowSeconds + CLOCK_TOLERANCE_SECONDS)) throw new Error("session token not yet valid");
  return payload;
}

/**
 * Tokens this process already authenticated and decrypted, by their exact text. A browser sends
 * the same cookie with every request (the code form, the delivery poll, GraphQL), and the same
 * text under the same key always decrypts to the same claims, so only the clock checks are
 * repeated. Keyed by the whole token (its tag included) and bound to the key that checked it: a
 * changed byte or another secret misses. Whether the session is still live is the registry's
 * answer, read per request after this; nothing here outlives a sign-out. Oldest out first.
 */
const decoded = new Map<string, { key: DerivedKey; payload: Readonly<Record<string, unknown>> }>();
const DECODED_MAX = 2048;

function remember(token: string, key: DerivedKey, payload: Record<string, unknown>): void {
  if (decoded.size >= DECODED_MAX) decoded.delete(decoded.keys().next().value as string);
  decoded.set(token, { key, payload: Object.freeze({ ...payload }) });
}

const ENC = "A256CBC-HS512";
/** decode()'s own tolerance for exp and nbf. */
const CLOCK_TOLERANCE_SECONDS = 15;

type DerivedKey = { mac: Buffer; enc: Buffer; kid: string };
/** One entry per (salt, secret): a process has one secret and one or two cookie names. */
const derived = new Map<string, DerivedKey>();

function keyFor(secret: string, salt: string): DerivedKey {
  const id = `${salt}\u0000${secret}`;
  let key = derived.get(id);
  if (!key) {
    // Auth.js's getDerivedEncryptionKey: HKDF-SHA256, info naming the salt, 64 bytes for A256CBC-HS512.
    const raw = Buffer.from(hkdfSync("sha256", secret, salt, `Auth.js Generated Encryption Key (${salt})`, 64));
    // RFC 7638 thumbprint of the key as an "oct" JWK, SHA-512 as Auth.js computes it for 512-bit keys.
    const jwk = JSON.stringify({ k: raw.toString("base64url"), kty: "oct" });
    key = { mac: raw.subarray(0, 32), enc: raw.subarray(32), kid: createHash("sha512").update(jwk).digest("base64url") };
    derived.set(id, key);
  }
  return key;
}

function parseJson(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
