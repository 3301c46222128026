// Threat: a copy of the database (a backup, a read replica, an SQL injection) gives away every
// user's authenticator secret, or a sealed secret copied onto another account works there; and a
// deployment runs with the TOTP key missing or equal to the code-hash key.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createSecretBox, generateTotpSecret, matchTotpStep, totpCodeAt, totpUri } from "@twostep/core";
import { ConfigError, loadConfig } from "@twostep/core/env";

const key = () => randomBytes(32).toString("base64url");

describe("authenticator secrets at rest", () => {
  it("are stored sealed: the text holds no part of the secret, and opens only for its own user and factor", () => {
    const box = createSecretBox(key());
    const secret = generateTotpSecret();
    const sealed = box.seal(secret, "user-1:factor-1");
    expect(sealed).not.toContain(secret);
    expect(sealed.startsWith("v1.")).toBe(true);
    expect(box.open(sealed, "user-1:factor-1")).toBe(secret);
    expect(box.open(sealed, "user-2:factor-1")).toBeNull();
    expect(createSecretBox(key()).open(sealed, "user-1:factor-1")).toBeNull();
    const [v, iv, tag, body] = sealed.split(".");
    const flipped = `${v}.${iv}.${tag}.${body!.slice(0, -2)}${body!.endsWith("A") ? "B" : "A"}${body!.slice(-1)}`;
    expect(box.open(flipped, "user-1:factor-1")).toBeNull();
  });

  it("use the parameters every app reads: SHA-1, 6 digits, 30 s, in the otpauth URI", () => {
    const secret = generateTotpSecret();
    const uri = new URL(totpUri({ secretBase32: secret, issuer: "twostep", accountName: "a@example.com" }));
    expect(uri.protocol).toBe("otpauth:");
    expect(uri.searchParams.get("algorithm")).toBe("SHA1");
    expect(uri.searchParams.get("digits")).toBe("6");
    expect(uri.searchParams.get("period")).toBe("30");
    expect(uri.searchParams.get("secret")).toBe(secret);
    // RFC 6238 appendix B, SHA-1, T = 59 s: 94287082 (8 digits); six digits keep the last six.
    const rfcSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"; // "12345678901234567890"
    expect(totpCodeAt(rfcSecret, 59_000)).toBe("287082");
    expect(matchTotpStep(rfcSecret, "287082", 59_000)).toBe(1);
  });

  it("need TOTP_ENCRYPTION_KEY in production, apart from CODE_HASH_KEY", () => {
    const base = { NODE_ENV: "production", APP_ORIGIN: "https://auth.example.com", SMS_PROVIDER: "plivo", PLIVO_AUTH_ID: "MAXXXXXXXXXXXXXXXXXX", PLIVO_AUTH_TOKEN: "t", PLIVO_PHONE_NUMBER: "+14155550100", SMTP_URL: "smtp://smtp.example.com:587", MAIL_FROM: "security@example.com", CODE_HASH_KEY: key() };
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return "";
      } catch (error) {
        return (error as ConfigError).problems.join("\n");
      }
    };
    expect(problems(base)).toMatch(/^TOTP_ENCRYPTION_KEY: required in production/m);
    expect(problems({ ...base, TOTP_ENCRYPTION_KEY: base.CODE_HASH_KEY })).toMatch(/^TOTP_ENCRYPTION_KEY: must differ from CODE_HASH_KEY/m);
    expect(problems({ ...base, TOTP_ENCRYPTION_KEY: key() })).toBe("");
  });
});
