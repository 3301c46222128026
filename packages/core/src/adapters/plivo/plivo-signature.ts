import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Plivo's V2 request signature: X-Plivo-Signature-V2 = base64(HMAC-SHA256(auth token, url + nonce)),
 * where url is the callback URL without its query string and the nonce comes in
 * X-Plivo-Signature-V2-Nonce.
 *
 * V2 covers the URL and the nonce only, never the form fields: a signature seen once (in a proxy
 * log, say) is valid with any body. That is Plivo's scheme, not ours to fix; the status callback
 * therefore accepts each nonce once (status-callback.ts), which is what makes a captured
 * signature worthless.
 */
export function signPlivoV2(input: { authToken: string; url: string; nonce: string }): string {
  return createHmac("sha256", input.authToken).update(signedUrl(input.url) + input.nonce).digest("base64");
}

/**
 * Checks a V2 signature in constant time. The plivo SDK's own validateSignature compares with
 * `==`, which leaks through timing how much of a guess was right; this never uses it.
 */
export function verifyPlivoV2(input: { authToken: string; url: string; nonce: string; signature: string }): boolean {
  const expected = Buffer.from(signPlivoV2(input), "utf8");
  const given = Buffer.from(input.signature, "utf8");
  // A length mismatch is no secret: every genuine signature has the same length (44 characters).
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Scheme, host, port (only when not the default, as WHATWG URLs and Plivo both write it) and path. */
function signedUrl(url: string): string {
  const parsed = new URL(url);
  return parsed.origin + parsed.pathname;
}
