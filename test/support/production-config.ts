import { randomBytes } from "node:crypto";
import { expect } from "vitest";
import { ConfigError, loadConfig } from "@twostep/core/env";

const random = () => randomBytes(32).toString("base64");

/** A production environment that starts: fresh random secrets, https everywhere, real SMTP and Plivo settings. */
export function productionEnv(): Record<string, string> {
  return {
    NODE_ENV: "production",
    CODE_HASH_KEY: random(),
    TOTP_ENCRYPTION_KEY: random(),
    PLIVO_AUTH_ID: "MAXXXXXXXXXXXXXXXXXX",
    PLIVO_AUTH_TOKEN: "token",
    PLIVO_PHONE_NUMBER: "+14155550100",
    SMTP_URL: "smtps://user:pass@smtp.example.com:465",
    MAIL_FROM: "security@example.com",
    APP_ORIGIN: "https://auth.example.com",
  };
}

/**
 * What start-up says is wrong with `env`, one problem a line; "" when it starts. `load` is the
 * core's loadConfig unless a test reads the web app's (loadAppConfig, which adds AUTH_SECRET).
 */
export function configProblems(env: Record<string, string | undefined>, load: (env: Record<string, string | undefined>) => unknown = loadConfig): string {
  try {
    load(env);
    return "";
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.join("\n");
  }
}
