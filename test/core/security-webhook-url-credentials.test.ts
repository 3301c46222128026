// Threat: security events silently never reach the owner's receiver. A SECURITY_WEBHOOK_URL with a
// user name or password (https://user:pass@host/…) passed the config check, but Node's fetch
// refuses such URLs, so every delivery failed after start-up. Start-up must refuse it instead and
// say that the signature, not credentials in the URL, is how the receiver knows the sender.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "@twostep/core/env";

const SECRET = "Zq3v9Lr2Xw7Kp1Nm5Bt8Yc4Hd6Fg0Js2";

function problemsOf(env: Record<string, string>): string {
  try {
    loadConfig({ NODE_ENV: "test", DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "twostep-webhook-cred-")), SMS_PROVIDER: "outbox", ...env });
    return "";
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.join("\n");
  }
}

describe("SECURITY_WEBHOOK_URL with credentials", () => {
  it("fetch itself refuses such a URL, so every delivery would fail", async () => {
    await expect(fetch("https://user:pass@hooks.example.com/twostep", { method: "POST" })).rejects.toThrow(/credentials/i);
  });

  it.each([
    ["user and password", "https://user:pass@hooks.example.com/twostep"],
    ["user only", "https://token@hooks.example.com/twostep"],
    ["password only", "https://:pass@hooks.example.com/twostep"],
  ])("is refused at start-up: %s", (_, url) => {
    expect(problemsOf({ SECURITY_WEBHOOK_URL: url, SECURITY_WEBHOOK_SECRET: SECRET })).toMatch(/^SECURITY_WEBHOOK_URL: must not hold a user name or password/m);
  });

  it("a URL without credentials is accepted", () => {
    expect(problemsOf({ SECURITY_WEBHOOK_URL: "https://hooks.example.com/twostep?x=1", SECURITY_WEBHOOK_SECRET: SECRET })).toBe("");
  });
});
