import type { Logger } from "../log/logger.js";
import type { EventOutbox, OutboxEntry } from "../ports/event-outbox.js";
import type { LimiterFactory } from "../ports/limiter.js";
import type { MailSender } from "../ports/mail-sender.js";
import type { SecurityEvent } from "../events/security-event-hook.js";
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
  /** Caps lock notices per account (LOCK_NOTICE_WINDOW); without it every lock mails. */
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
  close(): void;
};

/**
 * Security notices by email: an event the owner must hear about (NOTICE_EVENT_TYPES) is written to
 * the outbox as its checked facts only, and a pump mails it to the account's address, retrying
 * with backoff while the mail server is down or refuses it. The mail is written when it is sent,
 * from those facts: never a code, never a full phone number.
 */
export function createSecurityNotices(options: SecurityNoticesOptions): SecurityNotices {
  const lockWindow = options.limiter?.(LOCK_NOTICE_WINDOW);

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
      const notice = composeNotice(facts, { appName: options.appName, securityPageUrl: options.securityPageUrl });
      await options.mail.send({ to, subject: notice.subject, text: notice.text, kind: "security_notice" });
      return true;
    } catch {
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
