// Behaviour: configuration is read once and checked; a missing or weak secret in production, or
// missing Plivo credentials without an explicit outbox, stop start-up with the variable named.
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "@twostep/core/env";
import { loadAppConfig } from "../../apps/web/src/server/app-config";

// Random-looking and fixed: 43 base64url characters (a spelled-out alphabet is a pattern, refused in production).
const strong = (seed: string) => createHash("sha256").update(seed).digest("base64url");
const production = {
  NODE_ENV: "production",
  AUTH_SECRET: strong("auth"),
  CODE_HASH_KEY: strong("code"),
  TOTP_ENCRYPTION_KEY: strong("totp"),
  PLIVO_AUTH_ID: "MAXXXXXXXXXXXXXXXXXX",
  PLIVO_AUTH_TOKEN: "token",
  PLIVO_PHONE_NUMBER: "+14155550100",
  APP_ORIGIN: "https://auth.example.com",
  SMTP_URL: "smtps://mailer:mail-password@smtp.example.com:465",
  MAIL_FROM: '"Example" <security@example.com>',
};
const problemsOf = (env: Record<string, string>) => {
  try {
    loadAppConfig(env);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
};

describe("loadConfig (the core) and loadAppConfig (the reference app)", () => {
  it("asks the core for no session secret: AUTH_SECRET belongs to the host app", () => {
    const { AUTH_SECRET: _auth, ...coreOnly } = production;
    expect(loadConfig(coreOnly).codeHashKey).toBe(production.CODE_HASH_KEY);
    expect(problemsOf(coreOnly).join("\n")).toMatch(/^AUTH_SECRET: required in production/m);
  });

  it("accepts a complete production config and uses Plivo", () => {
    const config = loadConfig(production);
    expect(config.sms).toMatchObject({ provider: "plivo", apiUrl: "https://api.plivo.com", from: "+14155550100" });
    expect(config.database).toMatchObject({ pgliteDir: expect.stringContaining("pglite") });
    expect(config.codeTtlMinutes).toBe(5);
  });

  it.each(["AUTH_SECRET", "CODE_HASH_KEY"])("stops production start-up without %s, naming it", (name) => {
    const env: Record<string, string> = { ...production };
    delete env[name];
    expect(problemsOf(env).join("\n")).toMatch(new RegExp(`^${name}: required in production`, "m"));
  });

  it("refuses weak and shared secrets", () => {
    expect(problemsOf({ ...production, AUTH_SECRET: "short" }).join()).toMatch(/AUTH_SECRET: too weak/);
    expect(problemsOf({ ...production, AUTH_SECRET: "a".repeat(40) }).join()).toMatch(/AUTH_SECRET: too weak/);
    expect(problemsOf({ ...production, CODE_HASH_KEY: production.AUTH_SECRET }).join()).toMatch(/CODE_HASH_KEY: must differ/);
  });

  it("stops production start-up without Plivo credentials unless the outbox is chosen explicitly", () => {
    const { PLIVO_AUTH_ID: _a, PLIVO_AUTH_TOKEN: _b, PLIVO_PHONE_NUMBER: _c, ...noPlivo } = production;
    const problems = problemsOf(noPlivo).join("\n");
    expect(problems).toMatch(/PLIVO_AUTH_ID/);
    expect(problems).toMatch(/PLIVO_AUTH_TOKEN/);
    expect(problems).toMatch(/PLIVO_PHONE_NUMBER/);
    // (The outbox in production is a staging deployment's: opted in, and read with a token.)
    const staging = { TWOSTEP_STAGING_OUTBOX: "i-understand-codes-are-readable", OUTBOX_TOKEN: strong("outbox") };
    expect(loadConfig({ ...noPlivo, SMS_PROVIDER: "outbox", ...staging }).sms).toEqual({ provider: "outbox" });
  });

  it("uses the outbox and generated, persisted secrets in development", () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "twostep-config-"));
    const first = loadAppConfig({ DATA_DIR: dataDir });
    const second = loadAppConfig({ DATA_DIR: dataDir });
    expect(first.sms).toEqual({ provider: "outbox" });
    expect(first.authSecret.length).toBeGreaterThanOrEqual(32);
    expect(first.authSecret).not.toBe(first.codeHashKey);
    expect(second.authSecret).toBe(first.authSecret);
    const file = path.join(dataDir, "dev-secrets.json");
    expect(JSON.parse(readFileSync(file, "utf8"))).toMatchObject({ AUTH_SECRET: first.authSecret });
    expect(statSync(file).mode & 0o077).toBe(0);
  });

  it("treats empty values as unset and validates the shape of the rest", () => {
    expect(loadConfig({ ...production, REDIS_URL: "", DATABASE_URL: " " }).redisUrl).toBeNull();
    expect(problemsOf({ ...production, OTP_EXPIRY_MINUTES: "11" }).join()).toMatch(/OTP_EXPIRY_MINUTES/);
    expect(problemsOf({ ...production, DATABASE_URL: "mysql://x" }).join()).toMatch(/DATABASE_URL/);
    expect(problemsOf({ ...production, PLIVO_PHONE_NUMBER: "4155550100" }).join()).toMatch(/PLIVO_PHONE_NUMBER/);
    expect(problemsOf({ ...production, SMS_ALLOWED_COUNTRIES: "US,USA" }).join()).toMatch(/SMS_ALLOWED_COUNTRIES/);
    expect(loadConfig({ ...production, SMS_ALLOWED_COUNTRIES: "us, gb" }).allowedCountries).toEqual(new Set(["US", "GB"]));
  });

  it("keeps the SMS log 90 days unless SMS_LOG_RETENTION_DAYS says otherwise, and refuses a retention that isn't whole days", () => {
    expect(loadConfig(production).smsLogRetentionDays).toBe(90);
    expect(loadConfig({ ...production, SMS_LOG_RETENTION_DAYS: "30" }).smsLogRetentionDays).toBe(30);
    for (const bad of ["0", "-1", "1.5", "forever", "3651"]) expect(problemsOf({ ...production, SMS_LOG_RETENTION_DAYS: bad }).join()).toMatch(/SMS_LOG_RETENTION_DAYS/);
  });
});
