import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { onTestFinished } from "vitest";
import { createLogger, type Logger } from "@twostep/core";
import { createTwoStepFromConfig, loadConfig } from "@twostep/core/env";
import { startLoopbackSmtp } from "./loopback-smtp";

/**
 * twostep as createTwoStepFromConfig builds it (an embedded PGlite in a directory of its own, SMS to
 * the outbox) mailing through an SMTP server on loopback that keeps what it receives; both are
 * closed when the calling test finishes. `signUp` makes an account and answers its id.
 */
export async function coreOverSmtp(options: { logger?: Logger; env?: Record<string, string> } = {}) {
  const smtp = await startLoopbackSmtp();
  // Vitest runs these last registered first: twostep closes before its SMTP server does.
  onTestFinished(() => smtp.close());
  const env = {
    NODE_ENV: "test",
    DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "twostep-over-smtp-")),
    SMS_PROVIDER: "outbox",
    LOG_LEVEL: "silent",
    SMTP_URL: smtp.url,
    MAIL_FROM: "security@example.com",
    ...options.env,
  };
  const core = await createTwoStepFromConfig(loadConfig(env), { logger: options.logger ?? createLogger({ level: "silent" }) });
  onTestFinished(() => core.close());
  return {
    twostep: core,
    smtp,
    async signUp(email: string, password: string, ip?: string): Promise<string> {
      const signedUp = await core.accounts.signUp({ email, password, ip });
      if (!signedUp.ok) throw new Error(`sign-up failed: ${signedUp.code}`);
      return signedUp.user.id;
    },
  };
}
