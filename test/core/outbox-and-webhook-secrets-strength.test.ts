// Threat: a production secret that is guessable or a copy of another. OUTBOX_TOKEN (reads every
// code kept in a staging outbox) was checked for length only, so a 32-character pattern passed
// and it could equal CODE_HASH_KEY; SECURITY_WEBHOOK_SECRET (signs the events receivers act on)
// had no pattern or relatedness check; AUTH_SECRET (session cookies) was never compared with
// TOTP_ENCRYPTION_KEY. One leaked value must not give away another, and none may be a pattern:
// start-up refuses them in production, saying how to make a good one.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { configProblems } from "../support/production-config";
import { loadAppConfig } from "../../apps/web/src/server/app-config";

const random = () => randomBytes(32).toString("base64");
const PATTERN = "abcdefgh".repeat(4); // 32 characters, 8 distinct: passes a length rule, ~36 bits
const WEBHOOK_URL = "https://hooks.example.com/twostep";

function production(extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: "production",
    APP_ORIGIN: "https://auth.example.com",
    PLIVO_AUTH_ID: "MAXXXXXXXXXXXXXXXXXX",
    PLIVO_AUTH_TOKEN: "token",
    PLIVO_PHONE_NUMBER: "+14155550100",
    SMTP_URL: "smtps://user:pass@smtp.example.com:465",
    MAIL_FROM: "security@example.com",
    AUTH_SECRET: random(),
    CODE_HASH_KEY: random(),
    TOTP_ENCRYPTION_KEY: random(),
    ...extra,
  };
}

const problemsOf = (env: Record<string, string>) => configProblems(env, loadAppConfig);

describe("OUTBOX_TOKEN in production", () => {
  const readable = { SMS_TEST_NUMBERS: "enabled" };

  it("accepts a random token", () => {
    expect(problemsOf(production({ ...readable, OUTBOX_TOKEN: random() }))).toBe("");
  });

  it("refuses a long pattern", () => {
    expect(problemsOf(production({ ...readable, OUTBOX_TOKEN: PATTERN }))).toMatch(/^OUTBOX_TOKEN: too weak.*openssl rand -base64 32/m);
    expect(problemsOf(production({ ...readable, OUTBOX_TOKEN: "a".repeat(40) }))).toMatch(/^OUTBOX_TOKEN: too weak/m);
  });

  it("refuses a token equal to, or sharing a long run with, another secret", () => {
    const env = production(readable);
    expect(problemsOf({ ...env, OUTBOX_TOKEN: env.CODE_HASH_KEY! })).toMatch(/^OUTBOX_TOKEN: must differ from CODE_HASH_KEY/m);
    expect(problemsOf({ ...env, OUTBOX_TOKEN: env.TOTP_ENCRYPTION_KEY! })).toMatch(/^OUTBOX_TOKEN: must differ from TOTP_ENCRYPTION_KEY/m);
    expect(problemsOf({ ...env, OUTBOX_TOKEN: `${env.CODE_HASH_KEY!.slice(0, 20)}${random()}` })).toMatch(/^OUTBOX_TOKEN: shares 20 characters in a row with CODE_HASH_KEY/m);
    expect(problemsOf({ ...env, OUTBOX_TOKEN: env.AUTH_SECRET! })).toMatch(/^OUTBOX_TOKEN: must differ from AUTH_SECRET/m);
  });
});

describe("SECURITY_WEBHOOK_SECRET in production", () => {
  it("accepts a random secret", () => {
    expect(problemsOf(production({ SECURITY_WEBHOOK_URL: WEBHOOK_URL, SECURITY_WEBHOOK_SECRET: random() }))).toBe("");
  });

  it("refuses a long pattern", () => {
    expect(problemsOf(production({ SECURITY_WEBHOOK_URL: WEBHOOK_URL, SECURITY_WEBHOOK_SECRET: PATTERN }))).toMatch(/^SECURITY_WEBHOOK_SECRET: too weak.*openssl rand -base64 32/m);
  });

  it.each(["CODE_HASH_KEY", "TOTP_ENCRYPTION_KEY", "AUTH_SECRET", "OUTBOX_TOKEN"])("refuses a secret equal to %s", (other) => {
    const env = production({ SMS_TEST_NUMBERS: "enabled", OUTBOX_TOKEN: random(), SECURITY_WEBHOOK_URL: WEBHOOK_URL });
    expect(problemsOf({ ...env, SECURITY_WEBHOOK_SECRET: env[other]! })).toMatch(new RegExp(`^SECURITY_WEBHOOK_SECRET: must differ from ${other}`, "m"));
  });
});

describe("AUTH_SECRET and TOTP_ENCRYPTION_KEY", () => {
  it("may not be the same value, nor share a long run", () => {
    const env = production();
    expect(problemsOf({ ...env, TOTP_ENCRYPTION_KEY: env.AUTH_SECRET! })).toMatch(/^TOTP_ENCRYPTION_KEY: must differ from AUTH_SECRET/m);
    expect(problemsOf({ ...env, TOTP_ENCRYPTION_KEY: `${random()}${env.AUTH_SECRET!.slice(4, 20)}` })).toMatch(/^TOTP_ENCRYPTION_KEY: shares 16 characters in a row with AUTH_SECRET/m);
  });
});
