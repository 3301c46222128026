// Threat: a production deployment talks to the world over plain http because a setting was left
// out or typed with http://. Without APP_ORIGIN it used to start on http://localhost:3000: the
// session cookie lost Secure, and reset links and notice links pointed at localhost. An http
// APP_ORIGIN or PLIVO_API_URL (the Plivo credentials ride on it) sends cookies or secrets in the
// clear. Start-up must refuse these in production and say what to set; only a loopback host
// (localhost, 127.0.0.1, [::1]), which never leaves the machine, may be http.
import { describe, expect, it } from "vitest";
import { loadConfig } from "@twostep/core/env";
import { configProblems as problemsOf, productionEnv } from "../support/production-config";

const production = productionEnv();

describe("APP_ORIGIN in production", () => {
  it("is required: no silent http://localhost:3000", () => {
    expect(problemsOf({ ...production, APP_ORIGIN: undefined })).toMatch(/^APP_ORIGIN: required in production.*https:\/\//m);
    expect(problemsOf({ ...production, APP_ORIGIN: "  " })).toMatch(/^APP_ORIGIN: required in production/m);
  });

  it("must be https:// unless the host is loopback", () => {
    expect(problemsOf({ ...production, APP_ORIGIN: "http://auth.example.com" })).toMatch(/^APP_ORIGIN: must be https:\/\/ in production/m);
    expect(problemsOf({ ...production, APP_ORIGIN: "http://10.0.0.5:3000" })).toMatch(/^APP_ORIGIN: must be https:\/\//m);
    expect(problemsOf({ ...production, APP_ORIGIN: "http://localhost.example.com" })).toMatch(/^APP_ORIGIN: must be https:\/\//m);
    const config = loadConfig(production);
    expect(config.origin.href).toBe("https://auth.example.com/");
    for (const loopback of ["http://127.0.0.1:3000", "http://localhost:3000", "http://[::1]:3000"]) {
      expect(problemsOf({ ...production, APP_ORIGIN: loopback })).toBe("");
    }
  });

  it("still defaults to http://localhost:3000 outside production", () => {
    const config = loadConfig({ NODE_ENV: "test", DATA_DIR: "/tmp/twostep-origin-cfg", SMS_PROVIDER: "outbox" });
    expect(config.origin.href).toBe("http://localhost:3000/");
    expect(loadConfig({ NODE_ENV: "test", DATA_DIR: "/tmp/twostep-origin-cfg", SMS_PROVIDER: "outbox", APP_ORIGIN: "http://auth.example.com" }).origin.protocol).toBe("http:");
  });
});

describe("PLIVO_API_URL in production", () => {
  it("must be https:// unless the host is loopback (a fake Plivo on this machine)", () => {
    expect(problemsOf({ ...production, PLIVO_API_URL: "http://api.plivo.com" })).toMatch(/^PLIVO_API_URL: must be https:\/\/ in production/m);
    expect(problemsOf({ ...production, PLIVO_API_URL: "https://api.plivo.com" })).toBe("");
    expect(problemsOf({ ...production, PLIVO_API_URL: "http://127.0.0.1:8089" })).toBe("");
    const outside = { NODE_ENV: "test", DATA_DIR: "/tmp/twostep-origin-cfg", PLIVO_AUTH_ID: "MAXXXXXXXXXXXXXXXXXX", PLIVO_AUTH_TOKEN: "t", PLIVO_PHONE_NUMBER: "+14155550100" };
    expect(problemsOf({ ...outside, PLIVO_API_URL: "http://plivo.staging.internal" })).toBe("");
  });
});
