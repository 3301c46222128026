// Threat: SMTP_URL carries ?tls.rejectUnauthorized=false (copied from a relay's set-up guide, left
// over from a test relay with a self-signed certificate). nodemailer hands it to the TLS socket, so
// STARTTLS, required since the SMTP sender forces it, still talks to whoever answers: anyone on
// the path can present any certificate and read the SMTP password and every password-reset link.
// Production must refuse to start on it, and say what to do; development may keep it.
import { describe, expect, it } from "vitest";
import { loadConfig } from "@twostep/core/env";
import { configProblems as problemsOf, productionEnv } from "../support/production-config";

const production: Record<string, string> = { ...productionEnv(), SMTP_URL: "smtp://user:pass@smtp.example.com:587" };

describe("SMTP_URL's certificate check in production", () => {
  it("refuses a URL that turns it off, however the option is spelled", () => {
    for (const query of ["?tls.rejectUnauthorized=false", "?pool=true&tls.rejectUnauthorized=false", "?tls%2ErejectUnauthorized=false", "?tls.rejectUnauthorized=0", "?tls.rejectUnauthorized=true&tls.rejectUnauthorized=false"]) {
      expect(problemsOf({ ...production, SMTP_URL: `smtp://user:pass@smtp.example.com:587${query}` }), query).toMatch(/^SMTP_URL: tls\.rejectUnauthorized .*certificate.*smtp:\/\/localhost/m);
    }
    expect(problemsOf({ ...production, SMTP_URL: "smtps://user:pass@smtp.example.com:465?tls.rejectUnauthorized=false" })).toMatch(/^SMTP_URL: tls\.rejectUnauthorized/m);
  });

  it("refuses it on loopback too, where plain smtp:// is the way", () => {
    expect(problemsOf({ ...production, SMTP_URL: "smtps://localhost:465?tls.rejectUnauthorized=false" })).toMatch(/^SMTP_URL: tls\.rejectUnauthorized/m);
    expect(problemsOf({ ...production, SMTP_URL: "smtp://localhost:25" })).toBe("");
  });

  it("starts with the check left on, or said on", () => {
    expect(problemsOf(production)).toBe("");
    expect(problemsOf({ ...production, SMTP_URL: "smtp://user:pass@smtp.example.com:587?tls.rejectUnauthorized=true&tls.servername=smtp.example.com" })).toBe("");
  });

  it("lets development keep a test relay's self-signed certificate", () => {
    const config = loadConfig({ NODE_ENV: "development", DATA_DIR: "/tmp/twostep-smtp-cert-cfg", SMS_PROVIDER: "outbox", SMTP_URL: "smtp://relay.test:2525?tls.rejectUnauthorized=false", MAIL_FROM: "dev@example.com" });
    expect(config.mail).toMatchObject({ provider: "smtp" });
  });
});
