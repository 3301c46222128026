import type { Logger } from "../log/logger.js";
import type { AuditEvent } from "../ports/audit-log.js";
import type { CheckCodeInput, CheckCodeOutcome, OneStepCheck } from "../ports/challenge-store.js";
import type { StateStore } from "../ports/state-store.js";
import type { SecurityEventHandler } from "./security-event-hook.js";

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
 * The store with its one-step check heard: the check writes its audit rows itself, in its one
 * statement, past `AuditLog.record`; after it commits, the hook hears the same events. So a host
 * with a hook (a webhook, mail notices) keeps the one-round-trip check and misses no event.
 */
export function hearOneStepChecks(store: StateStore, onEvent: SecurityEventHandler, logger: Logger, now: () => number = Date.now): StateStore {
  const inner = store.challenges.oneStepCheck;
  if (!inner) return store;
  const oneStepCheck: OneStepCheck = {
    auditSink: inner.auditSink,
    async check(input) {
      const outcome = await inner.check(input);
      for (const event of eventsOfCheck(input, outcome)) {
        try {
          await onEvent({ ...event, at: new Date(now()) });
        } catch (error) {
          logger.error({ err: error, type: event.type }, "security event hook failed");
        }
      }
      return outcome;
    },
  };
  return { ...store, challenges: { ...store.challenges, oneStepCheck } };
}
