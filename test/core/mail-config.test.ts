// Threat: mail silently goes nowhere where real people depend on it, or lands where anyone can read
// it. Production without an SMTP server would never tell an owner that 2FA was turned off, and a
// mail outbox holds password-reset links: start-up refuses both unless a staging deployment opts
// in to the outbox, and then only with a token to read it. Outside production, mail is kept in
// the dev mail outbox, newest first.
import { createHash } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "@twostep/core";
import { createTwoStepFromConfig, loadConfig, STAGING_MAIL_OUTBOX_OPT_IN } from "@twostep/core/env";
import { configProblems } from "../support/production-config";

const strong = (seed: string) => createHash("sha256").update(seed).digest("base64url");
const production = {
  NODE_ENV: "production",
  CODE_HASH_KEY: strong("mail-code"),
  TOTP_ENCRYPTION_KEY: strong("mail-totp"),
  PLIVO_AUTH_ID: "MAXXXXXXXXXXXXXXXXXX",
  PLIVO_AUTH_TOKEN: "token",
  PLIVO_PHONE_NUMBER: "+14155550100",
  APP_ORIGIN: "https://auth.example.com",
};
const problemsOf = (env: Record<string, string>) => configProblems(env);

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("where mail goes", () => {
  it("production without SMTP_URL is refused, naming the variable and the staging opt-in", () => {
    expect(problemsOf(production)).toMatch(/^SMTP_URL: required in production.*TWOSTEP_STAGING_MAIL_OUTBOX=i-understand-mail-is-readable/m);
    // The opt-in takes one value only, and the outbox it opens needs a reader's token.
    expect(problemsOf({ ...production, TWOSTEP_STAGING_MAIL_OUTBOX: "yes" })).toMatch(/TWOSTEP_STAGING_MAIL_OUTBOX: the only accepted value/);
    expect(problemsOf({ ...production, TWOSTEP_STAGING_MAIL_OUTBOX: STAGING_MAIL_OUTBOX_OPT_IN })).toMatch(/^OUTBOX_TOKEN: required in production when the mail outbox/m);
    const staging = loadConfig({ ...production, TWOSTEP_STAGING_MAIL_OUTBOX: STAGING_MAIL_OUTBOX_OPT_IN, OUTBOX_TOKEN: strong("mail-outbox-token") });
    expect(staging.mail).toEqual({ provider: "outbox", stagingOptIn: true });
  });

  it("SMTP_URL must be smtp:// or smtps:// and comes with MAIL_FROM", () => {
    expect(problemsOf({ ...production, SMTP_URL: "smtp://smtp.example.com:587" })).toMatch(/^MAIL_FROM: required with SMTP_URL/m);
    expect(problemsOf({ ...production, SMTP_URL: "http://smtp.example.com", MAIL_FROM: "a@example.com" })).toMatch(/^SMTP_URL: must be smtp:/m);
    expect(problemsOf({ ...production, SMTP_URL: "smtp://smtp.example.com", MAIL_FROM: "not an address" })).toMatch(/^MAIL_FROM: /m);
    expect(loadConfig({ ...production, SMTP_URL: "smtps://u:p@smtp.example.com:465", MAIL_FROM: '"Acme" <security@example.com>' }).mail).toEqual({
      provider: "smtp",
      url: "smtps://u:p@smtp.example.com:465",
      from: '"Acme" <security@example.com>',
    });
  });

  it("outside production without SMTP, mail is kept in the dev mail outbox, newest first", { timeout: 240_000 }, async () => {
    const config = loadConfig({ NODE_ENV: "test", DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "twostep-mail-")), SMS_PROVIDER: "outbox", LOG_LEVEL: "silent" });
    expect(config.mail).toEqual({ provider: "outbox", stagingOptIn: false });
    const twostep = await createTwoStepFromConfig(config, { logger: createLogger({ level: "silent" }) });
    cleanups.push(() => twostep.close());
    expect(twostep.mail.provider).toBe("outbox");
    await twostep.mail.send({ to: "first@example.com", subject: "First", text: "one", kind: "password_reset" });
    // A notice goes through the same outbox: turning 2FA on mails the owner.
    const signedUp = await twostep.accounts.signUp({ email: "owner@example.com", password: "correct horse battery staple 42" });
    if (!signedUp.ok) throw new Error("sign-up failed");
    await twostep.audit.record({ userId: signedUp.user.id, type: "two_factor.disabled", ip: "198.51.100.4" });
    await twostep.notices.idle();
    const kept = await twostep.mailOutbox!.recent();
    expect(kept.map((m) => [m.to, m.kind])).toEqual([
      ["owner@example.com", "security_notice"],
      ["first@example.com", "password_reset"],
    ]);
    expect(kept[0]!.subject).toMatch(/Two-factor authentication turned off/);
    expect(kept[0]!.text).toMatch(/IP address 198\.51\.100\.4/);
    expect(kept[1]).toMatchObject({ subject: "First", text: "one", createdAt: expect.any(Date) });
  });
});
