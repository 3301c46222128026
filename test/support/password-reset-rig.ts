import { randomUUID } from "node:crypto";
import { afterAll, beforeAll } from "vitest";
import { createSessionRegistry, createLogger, createTrustedDevices, type Logger } from "@twostep/core";
import { createAccountService } from "@twostep/core/accounts";
import {
  createPasswordResetRepository,
  createSignUpRequestRepository,
  createSqlAuditLog,
  createSqlSessionStore,
  createSqlStateStore,
  createSqlTrustedDeviceStore,
  createUserRepository,
  openDatabase,
  type DatabaseHandle,
} from "@twostep/core/sql";
import type { StoreCounters } from "../../packages/core/src/adapters/store-counters";
import type { MailSender, MailToSend } from "../../packages/core/src/ports/mail-sender";
import { TEST_CODE_KEY, testClock } from "./fixtures";

/** Mail handed to the sender, in order; `waitFor` reads one that is sent off the request path. */
export function recordingMailSender(): MailSender & { sent: MailToSend[]; waitFor(to: string, count?: number): Promise<MailToSend> } {
  const sent: MailToSend[] = [];
  return {
    provider: "outbox",
    sent,
    async send(mail) {
      sent.push(mail);
    },
    async waitFor(to, count = 1) {
      for (let i = 0; i < 200; i++) {
        const mine = sent.filter((m) => m.to === to);
        if (mine.length >= count) return mine[count - 1]!;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      throw new Error(`no mail number ${count} to ${to}`);
    },
  };
}

export const RESET_PAGE = "https://app.example.com/reset-password";

/** The token in a reset mail's link. */
export function tokenFromMail(mail: MailToSend): string {
  const line = mail.text.split("\n").find((l) => l.startsWith(RESET_PAGE));
  const token = line ? new URL(line).searchParams.get("token") : null;
  if (!token) throw new Error("the mail holds no reset link");
  return token;
}

export const SIGN_UP_PAGE = "https://app.example.com/sign-up/confirm";
export const SIGN_IN_PAGE = "https://app.example.com/sign-in";

/** The token in a sign-up mail's link, or null for the mail an address with an account gets. */
export function signUpTokenFromMail(mail: MailToSend): string | null {
  const line = mail.text.split("\n").find((l) => l.startsWith(SIGN_UP_PAGE));
  return line ? new URL(line).searchParams.get("token") : null;
}

/**
 * twostep's accounts with password reset and sign-up links over one database: the real SQL tables, limiter, audit
 * log and session registry, a clock tests move, and the mail the reset sends.
 */
export function passwordResetRig(handle: DatabaseHandle, options: { logger?: Logger } = {}) {
  const clock = testClock();
  const { db, tables } = handle;
  const logger = options.logger ?? createLogger({ level: process.env.TEST_LOG_LEVEL ?? "silent" });
  const mail = recordingMailSender();
  const sessions = createSessionRegistry({ store: createSqlSessionStore(db, { tables }), now: clock.now });
  const audit = createSqlAuditLog(db, { tables });
  const trustedDevices = createTrustedDevices({ store: createSqlTrustedDeviceStore(db, { tables }), codeHashKey: TEST_CODE_KEY, logger, now: clock.now });
  const accounts = createAccountService({
    users: createUserRepository(db, { tables }),
    audit,
    limiter: createSqlStateStore(db, { tables, keyPrefix: `reset-test-${randomUUID()}` }).limiter,
    logger,
    passwordResets: {
      resets: createPasswordResetRepository(db, { tables }),
      mail,
      sessions,
      trustedDevices,
      codeHashKey: TEST_CODE_KEY,
      appName: "Acme",
      now: clock.now,
    },
    signUpLinks: {
      requests: createSignUpRequestRepository(db, { tables }),
      mail,
      codeHashKey: TEST_CODE_KEY,
      appName: "Acme",
      now: clock.now,
    },
  });
  let n = 0;
  return {
    accounts,
    sessions,
    trustedDevices,
    audit,
    mail,
    clock,
    db,
    tables,
    async newUser(password = "a perfectly fine passphrase") {
      const email = `reset${++n}-${Date.now()}@example.com`;
      const created = await accounts.signUp({ email, password, ip: "10.9.9.9" });
      if (!created.ok) throw new Error(`sign-up failed: ${created.code}`);
      return { email, password, user: created.user };
    },
    /** Asks for a link for `email` and returns its token, read from the mail. */
    async linkFor(email: string, ip = "10.1.2.3") {
      const before = mail.sent.filter((m) => m.to === email).length;
      const answer = await accounts.requestPasswordReset({ email, ip, resetUrl: RESET_PAGE });
      if (!answer.ok) throw new Error(`reset request refused: ${answer.code}`);
      return tokenFromMail(await mail.waitFor(email, before + 1));
    },
  };
}

export type PasswordResetRig = ReturnType<typeof passwordResetRig>;

/**
 * The rig over an in-memory PGlite of the file's own, opened before the file's tests and closed
 * after them (call it in a describe). Its fields are there from the first test on. `counters`
 * count the database's statements.
 */
export function usePasswordResetRig(options: { counters?: StoreCounters } = {}): PasswordResetRig {
  const rig = {} as PasswordResetRig;
  let handle: DatabaseHandle | undefined;
  beforeAll(async () => {
    handle = await openDatabase({ pgliteMemory: true, counters: options.counters });
    Object.assign(rig, passwordResetRig(handle));
  });
  afterAll(async () => handle?.close());
  return rig;
}
