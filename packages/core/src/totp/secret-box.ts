import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

/**
 * Authenticator secrets at rest: AES-256-GCM under a key derived from TOTP_ENCRYPTION_KEY (HKDF-
 * SHA256), never the code-hash key, so a leak of one key opens nothing of the other. The
 * ciphertext is bound to its user and factor (GCM additional data): a row copied onto another
 * account does not decrypt. Format: "v1.<iv>.<tag>.<ciphertext>", base64url parts.
 */
export type SecretBox = {
  seal(plaintext: string, boundTo: string): string;
  /** Null when the text was not sealed under this key for this binding (tampered, moved, wrong key). */
  open(sealed: string, boundTo: string): string | null;
};

const VERSION = "v1";
const IV_BYTES = 12; // NIST SP 800-38D: 96-bit IVs for GCM

export function createSecretBox(encryptionKey: string): SecretBox {
  if (encryptionKey.length < 32) throw new RangeError("the TOTP encryption key must be 32+ random characters");
  const key = Buffer.from(hkdfSync("sha256", encryptionKey, "twostep", "twostep totp secret v1", 32));
  return {
    seal(plaintext, boundTo) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      cipher.setAAD(Buffer.from(boundTo, "utf8"));
      const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      return [VERSION, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(".");
    },
    open(sealed, boundTo) {
      const [version, iv, tag, body] = sealed.split(".");
      if (version !== VERSION || !iv || !tag || body === undefined) return null;
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
        decipher.setAAD(Buffer.from(boundTo, "utf8"));
        decipher.setAuthTag(Buffer.from(tag, "base64url"));
        return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
      } catch {
        return null; // The tag did not match: not ours, or changed.
      }
    },
  };
}
