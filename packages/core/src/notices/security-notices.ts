import type { Logger } from "../log/logger.js";
import type { EventOutbox, OutboxEntry } from "../ports/event-outbox.js";
import type { Limiter, LimiterFactory } from "../ports/limiter.js";
import type { MailSender } from "../ports/mail-sender.js";
import type { SecurityEvent } from "../events/security-event-hook.js";
import { PermanentDeliveryError } from "../events/delivery-failure.js";
import { createMemoryEventOutbox } from "../events/memory-event-outbox.js";
import { createOutboxPump } from "../events/outbox-pump.js";
import type { NoticesInCheck } from "../events/one-step-events.js";
import { composeNotice, isNoticeEvent, NOTICE_EVENT_TYPES, noticeFacts, type NoticeFacts } from "./notice-text.js";

/** Tries per notice: 1 s doubling to 10 min, 20 tries, covers about two hours of a mail server down. */
export const NOTICE_ATTEMPTS_DEFAULT = 20;
export const NOTICE_FIRST_RETRY_MS_DEFAULT = 1_000;
export const NOTICE_MAX_RETRY_MS_DEFAULT = 10 * 60_000;
export const NOTICE_POLL_MS_DEFAULT = 5_000;
/** Upper bound of one try: the SMTP sender's own connection, greeting and socket timeouts end it sooner. */
export const NOTICE_SEND_TIMEOUT_MS = 60_000;
/**
 * A lock notice at most once an hour per account: a lock is recorded on every refused try while it
 * lasts, and someone holding the password must not turn that into a mail flood.
 */
export const LOCK_NOTICE_WINDOW = { name: "notice:account_locked", points: 1, durationSeconds: 3_600 } as const;
/**
 * Notices mailed per account and per notice type: at most 3 an hour (NOTICE_TYPE_HOURLY) and 6 a
 * day (NOTICE_TYPE_DAILY). Sign-up does not prove the address, so whoever signs up with a stranger's
 * address can repeat any action that mails (new backup codes, an app added and removed, 2FA on and
 * off) and have the deployment's SMTP flood that stranger, burning the sender's reputation until
 * real reset links stop arriving. 3 an hour covers an owner setting things up (a second app, codes
 * printed twice); 6 a day bounds a flood to a few dozen mails a day over all types instead of one per
 * request. The windows are per type, so nobody inside the account can spend the budget of "2FA
 * turned off" or "password changed" with harmless events of another type: the owner always gets the
 * first notice of each type in a window. A capped notice is only not mailed: its event stays in the
 * audit log. The cap is taken when the notice is sent, so it holds for notices a one-step code check
 * queued itself (inCheck) too.
 */
export const NOTICE_TYPE_HOURLY = { name: "notice:type:hour", points: 3, durationSeconds: 3_600 } as const;
export const NOTICE_TYPE_DAILY = { name: "notice:type:day", points: 6, durationSeconds: 86_400 } as const;

export type SecurityNoticesOptions = {
  mail: MailSender;
  /** The account's address; null when the account is gone (the notice is dropped). Hosts with their own users pass theirs. */
  emailOf(userId: string): Promise<string | null>;
  logger: Logger;
  /** Names the sender in the subject and the closing line. */
  appName: string;
  /** Where the owner reviews their security settings, linked in each notice. */
  securityPageUrl?: string | null;
  /** Where notices wait: `createSqlNoticeOutbox` survives restarts and is shared by instances; default in memory. */
  outbox?: EventOutbox;
  /**
   * Caps lock notices per account (LOCK_NOTICE_WINDOW) and every notice per account and type
   * (NOTICE_TYPE_HOURLY, NOTICE_TYPE_DAILY); without it every notice mails.
   */
  limiter?: LimiterFactory;
  attempts?: number;
  firstRetryMs?: number;
  maxRetryMs?: number;
  pollMs?: number;
  now?: () => number;
};

export type SecurityNotices = {
  /** Queues the notice an event calls for (most events call for none); sending runs off the request path. */
  deliver(event: SecurityEvent): Promise<void>;
  /**
   * For a one-step code check that writes this outbox too (a SQL outbox): the notice of a right
   * code's event is queued in the check's own statement (createTwoStep's `noticesInCheck`).
   */
  inCheck?: NoticesInCheck;
  /** Resolves when nothing is queued (tests, shutdown). */
  idle(): Promise<void>;
  /** Stops, once the mail under way is recorded (OutboxPump.close). */
  close(): Promise<void>;
};

/**
 * The SMTP reply code when the mail server refused the recipient for good: nodemailer's error for a
 * rejected RCPT TO (`code: "EENVELOPE"`, `command: "RCPT TO"`) with a 5xx `responseCode` ("550 5.1.1
 * no such mailbox"); otherwise null. A 4xx there (mailbox busy, greylisting) is for now, and so are
 * connection errors and timeouts; so is a 5xx to AUTH or MAIL FROM, which is the deployment's own
 * settings, for every notice, and an operator can fix while the notices wait: all are retried.
 */
function recipientRefusedForGood(error: unknown): number | null {
  if (typeof error !== "object" || error === null) return null;
  const { code, command, responseCode } = error as { code?: unknown; command?: unknown; responseCode?: unknown };
  if (code !== "EENVELOPE" || command !== "RCPT TO") return null;
  return typeof responseCode === "number" && responseCode >= 500 && responseCode <= 599 ? responseCode : null;
}

/**
 * Security notices by email: an event the owner must hear about (NOTICE_EVENT_TYPES) is written to
 * the outbox as its checked facts only, and a pump mails it to the account's address, retrying
 * with backoff while the mail server is down or refuses it for now (a recipient it refuses for good
 * is dropped). Each account is mailed a few notices of one type an hour and a day (NOTICE_TYPE_HOURLY,
 * NOTICE_TYPE_DAILY). The mail is written when it is sent, from those facts: never a code, never a
 * full phone number.
 */
export function createSecurityNotices(options: SecurityNoticesOptions): SecurityNotices {
  const lockWindow = options.limiter?.(LOCK_NOTICE_WINDOW);
  const typeWindows = options.limiter ? [options.limiter(NOTICE_TYPE_HOURLY), options.limiter(NOTICE_TYPE_DAILY)] : [];

  /**
   * Takes a point of each of the account's windows for this notice type: the windows taken, or the
   * one that is spent (nothing stays taken then). A limiter that fails lets the notice go (logged):
   * the cap must never cost the owner a notice.
   */
  async function takeTypeBudget(entryId: string, facts: NoticeFacts): Promise<{ taken: Limiter[] } | { spent: Limiter; retryAfterSeconds: number }> {
    const key = `${facts.userId}:${facts.type}`;
    const taken: Limiter[] = [];
    try {
      for (const window of typeWindows) {
        const decision = await window.consume(key);
        if (!decision.allowed) {
          await giveBack(taken, key);
          return { spent: window, retryAfterSeconds: decision.retryAfterSeconds };
        }
        taken.push(window);
      }
    } catch (error) {
      options.logger.warn({ err: error, eventId: entryId, type: facts.type }, "security notices: the notice cap could not be read; the notice is sent uncapped");
    }
    return { taken };
  }

  async function giveBack(taken: Limiter[], key: string): Promise<void> {
    for (const window of taken) await window.refund(key).catch(() => undefined);
  }

  async function send(entry: OutboxEntry): Promise<boolean> {
    let facts: NoticeFacts;
    try {
      facts = JSON.parse(entry.body) as NoticeFacts;
      if (!(NOTICE_EVENT_TYPES as readonly string[]).includes(facts.type) || typeof facts.userId !== "string") throw new Error("not a notice");
    } catch {
      options.logger.error({ eventId: entry.id }, "security notices: an unreadable entry was dropped");
      return true;
    }
    try {
      const to = await options.emailOf(facts.userId);
      if (!to) {
        options.logger.info({ eventId: entry.id, type: facts.type }, "security notices: the account has no address any more; notice dropped");
        return true;
      }
      const budget = await takeTypeBudget(entry.id, facts);
      if ("spent" in budget) {
        options.logger.info(
          { eventId: entry.id, userId: facts.userId, type: facts.type, window: budget.spent.spec.name, retryAfterSeconds: budget.retryAfterSeconds },
          "security notices: the account had its notices of this type for now; this one is not mailed (its event stays in the audit log)",
        );
        return true;
      }
      const notice = composeNotice(facts, { appName: options.appName, securityPageUrl: options.securityPageUrl });
      try {
        await options.mail.send({ to, subject: notice.subject, text: notice.text, kind: "security_notice" });
      } catch (error) {
        // Not mailed: the retry may use the points again.
        await giveBack(budget.taken, `${facts.userId}:${facts.type}`);
        throw error;
      }
      return true;
    } catch (error) {
      const refused = recipientRefusedForGood(error);
      // Retrying a mailbox that does not exist only repeats the refusal, 20 times, against the
      // sender's reputation: the pump drops it and logs this (the reply may hold the address: not in it).
      if (refused !== null) throw new PermanentDeliveryError(`security notices: the mail server refused the recipient for good (SMTP ${refused} to RCPT TO)`);
      // The sender logged why (never the address or the text); the pump logs the retry.
      return false;
    }
  }

  const outbox = options.outbox ?? createMemoryEventOutbox();
  const pump = createOutboxPump({
    name: "security notices",
    outbox,
    deliver: send,
    timeoutMs: NOTICE_SEND_TIMEOUT_MS,
    attempts: options.attempts ?? NOTICE_ATTEMPTS_DEFAULT,
    firstRetryMs: options.firstRetryMs ?? NOTICE_FIRST_RETRY_MS_DEFAULT,
    maxRetryMs: options.maxRetryMs ?? NOTICE_MAX_RETRY_MS_DEFAULT,
    pollMs: options.pollMs ?? NOTICE_POLL_MS_DEFAULT,
    logger: options.logger,
    now: options.now,
  });

  /** The outbox body of an event that mails its owner, or null. */
  function bodyOf(event: SecurityEvent): string | null {
    const { userId, type } = event;
    if (!userId || !isNoticeEvent(type)) return null;
    return JSON.stringify(noticeFacts({ ...event, userId, type }));
  }

  return {
    async deliver(event) {
      const { userId, type } = event;
      if (!userId || !isNoticeEvent(type)) return;
      if (event.noticeQueued) return pump.wake();
      if (type === "account.locked" && lockWindow && !(await lockWindow.consume(userId)).allowed) return;
      const facts = noticeFacts({ ...event, userId, type });
      await pump.enqueue(() => JSON.stringify(facts));
    },
    // A lock's notice goes through its hourly window (deliver), never straight into a check.
    inCheck: outbox.sink ? { sink: outbox.sink, bodyOf: (event) => (event.type === "account.locked" ? null : bodyOf(event)) } : undefined,
    idle: () => pump.idle(),
    close: () => pump.close(),
  };
}
