// Threat: a production deployment runs on a secret that is long but guessable (a repeated or
// sequential pattern) or on two secrets derived from each other, so guessing or leaking one forges
// sessions or lets an attacker brute-force stored code hashes offline. Start-up must refuse them
// and say how to make a good one.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { configProblems } from "../support/production-config";
import { loadAppConfig } from "../../apps/web/src/server/app-config";

const random = () => randomBytes(32).toString("base64");
const production = (secrets: { AUTH_SECRET: string; CODE_HASH_KEY: string }) => ({
  NODE_ENV: "production",
  PLIVO_AUTH_ID: "MAXXXXXXXXXXXXXXXXXX",
  PLIVO_AUTH_TOKEN: "token",
  PLIVO_PHONE_NUMBER: "+14155550100",
  APP_ORIGIN: "https://auth.example.com",
  SMTP_URL: "smtp://smtp.example.com:587",
  MAIL_FROM: "security@example.com",
  TOTP_ENCRYPTION_KEY: random(),
  ...secrets,
});

const problemsOf = (env: Record<string, string>) => configProblems(env, loadAppConfig);

describe("secrets in production", () => {
  it("accepts two independent random secrets", () => {
    expect(problemsOf(production({ AUTH_SECRET: random(), CODE_HASH_KEY: random() }))).toBe("");
    expect(problemsOf(production({ AUTH_SECRET: randomBytes(32).toString("hex"), CODE_HASH_KEY: randomBytes(24).toString("base64url") }))).toBe("");
  });

  it.each([
    ["a repeated block", "abcdefgh".repeat(4)],
    ["a longer repeated block", "Tr0ub4dor&3".repeat(3)],
    ["the alphabet", "abcdefghijklmnopqrstuvwxyz0123456789"],
    ["one character run then a sequence", `${"a".repeat(16)}bcdefghijklmnopqrstuvwxyz0123456`],
  ])("refuses %s as AUTH_SECRET and as CODE_HASH_KEY, saying how to make one", (_what, weak) => {
    for (const name of ["AUTH_SECRET", "CODE_HASH_KEY"] as const) {
      const problems = problemsOf(production({ AUTH_SECRET: random(), CODE_HASH_KEY: random(), [name]: weak }));
      expect(problems).toMatch(new RegExp(`^${name}: too weak`, "m"));
      expect(problems).toMatch(/openssl rand -base64 32/);
    }
  });

  it("refuses a CODE_HASH_KEY that contains AUTH_SECRET, or the other way round", () => {
    const auth = random();
    for (const codeHashKey of [`${auth}-code`, `x${auth}`]) {
      expect(problemsOf(production({ AUTH_SECRET: auth, CODE_HASH_KEY: codeHashKey }))).toMatch(/^CODE_HASH_KEY: must differ from AUTH_SECRET.*openssl rand/m);
    }
    const long = `${random()}${random()}`;
    expect(problemsOf(production({ AUTH_SECRET: long, CODE_HASH_KEY: long.slice(3, 40) }))).toMatch(/^CODE_HASH_KEY: must differ from AUTH_SECRET/m);
  });

  it("refuses secrets that share a long run (one edited from the other)", () => {
    const auth = random();
    const edited = `${auth.slice(0, 20)}${random().slice(0, 24)}`;
    expect(problemsOf(production({ AUTH_SECRET: auth, CODE_HASH_KEY: edited }))).toMatch(/^CODE_HASH_KEY: shares 2\d characters in a row with AUTH_SECRET/m);
  });
});
