import type { Logger } from "../log/logger.js";
import type { AuditEvent, AuditLog } from "../ports/audit-log.js";

/** A security event as the hook sees it: what the audit log records, with when it happened. */
export type SecurityEvent = AuditEvent & {
  at: Date;
  /** Its mail notice was queued with the event, by the one-step code check (NoticesInCheck): don't queue it again. */
  noticeQueued?: boolean;
};

/**
 * A host's one place to hear every security event (a webhook, mail, its own channel). It is called
 * after the audit row is written and must not wait on the network: hand the event to a queue.
 * What it throws or rejects is logged and never fails the request that caused the event.
 */
export type SecurityEventHandler = (event: SecurityEvent) => void | Promise<void>;

/**
 * The audit log with the hook behind it: every `record` goes to the table first, then to the hook.
 * It keeps the log's `sink`: a store's one-step check (which writes its guess events in SQL, past
 * `record`) stays in use, and createTwoStep makes the hook hear what it wrote (hearOneStepChecks).
 */
export function withSecurityEventHook(audit: AuditLog, onEvent: SecurityEventHandler, logger: Logger, now: () => number = Date.now): AuditLog {
  return {
    sink: audit.sink,
    async record(event) {
      await audit.record(event);
      try {
        await onEvent({ ...event, at: new Date(now()) });
      } catch (error) {
        logger.error({ err: error, type: event.type }, "security event hook failed");
      }
    },
    recentForUser: (userId, limit) => audit.recentForUser(userId, limit),
    pageForUser: (userId, request) => audit.pageForUser(userId, request),
  };
}
