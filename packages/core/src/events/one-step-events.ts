import type { Logger } from "../log/logger.js";
import type { AuditEvent } from "../ports/audit-log.js";
import type { CheckCodeInput, CheckCodeOutcome, CheckEvent, OneStepCheck } from "../ports/challenge-store.js";
import type { RightCodeRecorder } from "../ports/right-code-recorder.js";
import type { StateStore } from "../ports/state-store.js";
import type { SecurityEvent, SecurityEventHandler } from "./security-event-hook.js";

/**
 * The events a one-step check wrote with its outcome (the same rows twostep_check_code inserts,
 * drizzle/0011; the Redis check's stream entries become these rows too, audit-stream-entry.ts).
 */
export function eventsOfCheck(
  input: Pick<CheckCodeInput, "userId" | "purpose" | "ip" | "okEvents">,
  outcome: Pick<CheckCodeOutcome, "outcome"> & { retryAfterMs?: number },
): AuditEvent[] {
  const base = { userId: input.userId, ip: input.ip, detail: { purpose: input.purpose, outcome: outcome.outcome } };
  switch (outcome.outcome) {
    case "ok":
      return [{ ...base, type: "code.verified" }, ...input.okEvents.map((e) => ({ userId: input.userId, ip: input.ip, type: e.type, detail: e.detail }))];
    // The earlier code counts on the account like any wrong guess, so it is a failed guess too.
    case "invalid":
    case "earlier_code":
    case "too_many_attempts":
      return [{ ...base, type: "code.failed" }];
    case "locked":
      return [{ ...base, type: "account.locked", detail: { ...base.detail, retryAfterSeconds: Math.max(1, Math.ceil((outcome.retryAfterMs ?? 0) / 1000)) } }];
    default:
      return [];
  }
}

/**
 * A security-notice channel that lets a one-step check queue a notice with its event
 * (createSecurityNotices' `inCheck`): `sink` names its outbox (like AuditLog.sink), `bodyOf` gives
 * an event's outbox body, or null when the event mails no one.
 */
export type NoticesInCheck = { sink: object; bodyOf(event: SecurityEvent): string | null };

/**
 * The store with its one-step check heard: the check writes its audit rows itself, in its one
 * statement, past `AuditLog.record`; after it commits, the hook hears the same events. So a host
 * with a hook (a webhook, mail notices) keeps the one-round-trip check and misses no event. With
 * `notices` whose outbox the check writes too, a right code's events that mail the owner carry
 * their notice into the check, and the hook hears them as `noticeQueued`.
 */
export function hearOneStepChecks(
  store: StateStore,
  onEvent: SecurityEventHandler,
  logger: Logger,
  now: () => number = Date.now,
  notices?: NoticesInCheck,
): StateStore {
  const inner = store.challenges.oneStepCheck;
  if (!inner) return store;
  const queuesNotices = notices !== undefined && inner.noticeSink !== undefined && inner.noticeSink === notices.sink;
  const oneStepCheck: OneStepCheck = {
    auditSink: inner.auditSink,
    countrySink: inner.countrySink,
    noticeSink: inner.noticeSink,
    judgesOnlyAfter: inner.judgesOnlyAfter,
    async check(input) {
      const at = new Date(now());
      const okEvents = queuesNotices ? input.okEvents.map((e) => withNotice(e, input, at, notices)) : input.okEvents;
      const outcome = await inner.check({ ...input, okEvents });
      const recorded = outcome.outcome === "ok" ? (outcome.okEventsRecorded ?? okEvents) : okEvents;
      const queued = new Set(recorded.filter((e) => e.notice !== undefined).map((e) => e.type));
      const heard = eventsOfCheck({ ...input, okEvents: recorded }, outcome).map((event) => ({ ...event, at, ...(queued.has(event.type) ? { noticeQueued: true } : {}) }));
      await tellEach(onEvent, logger, heard);
      return outcome;
    },
  };
  return { ...store, challenges: { ...store.challenges, oneStepCheck } };
}

/**
 * The right-code recorder heard the same way (a Redis check's SQL aftermath, RightCodeRecorder):
 * its events carry their notices when it writes the notices' outbox, and after it commits the
 * hook hears exactly the events it wrote.
 */
export function hearRightCodes(
  recorder: RightCodeRecorder,
  onEvent: SecurityEventHandler,
  logger: Logger,
  now: () => number = Date.now,
  notices?: NoticesInCheck,
): RightCodeRecorder {
  const queuesNotices = notices !== undefined && recorder.noticeSink !== undefined && recorder.noticeSink === notices.sink;
  return {
    auditSink: recorder.auditSink,
    countrySink: recorder.countrySink,
    noticeSink: recorder.noticeSink,
    async record(input) {
      const at = new Date(now());
      const events = queuesNotices ? input.events.map((e) => withNotice(e, input, at, notices)) : input.events;
      const written = await recorder.record({ ...input, events });
      const heard = written.recorded.map((event) => ({ userId: input.userId, type: event.type, ip: input.ip, detail: event.detail, at, ...(event.notice !== undefined ? { noticeQueued: true } : {}) }));
      await tellEach(onEvent, logger, heard);
      return written;
    },
  };
}

/** Each event to the hook, in order, after its write committed; a failing hook is logged, never thrown. */
async function tellEach(onEvent: SecurityEventHandler, logger: Logger, events: readonly SecurityEvent[]): Promise<void> {
  for (const event of events) {
    try {
      await onEvent(event);
    } catch (error) {
      logger.error({ err: error, type: event.type }, "security event hook failed");
    }
  }
}

function withNotice(event: CheckEvent, input: { userId: string; ip: string | null }, at: Date, notices: NoticesInCheck): CheckEvent {
  const body = notices.bodyOf({ userId: input.userId, type: event.type, ip: input.ip, detail: event.detail, at });
  return body === null ? event : { ...event, notice: body };
}
