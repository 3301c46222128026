import type { AuditEventType } from "./audit-log.js";
import type { LimitSpec } from "./limiter.js";

/**
 * The smallest atomic storage the challenge lifecycle needs. The SQL store (default) and the
 * Redis store (when REDIS_URL is set) both implement it, and one contract suite
 * (test/contract/state-store.contract.ts) holds them to the same behaviour.
 *
 * Every method rejects with StoreUnavailableError when the backing service can't be reached or
 * doesn't answer within STORE_CALL_DEADLINE_MS; the core turns that into the UNAVAILABLE result,
 * so nothing passes (and nothing hangs) while the store is down.
 */

export type StoredChallenge = {
  id: string;
  userId: string;
  purpose: string;
  phoneE164: string;
  codeHash: string;
  maxAttempts: number;
  expiresAtMs: number;
  sentAtMs: number;
  messageId: string | null;
};

/** What callers may see of a live challenge: never the hash. */
export type ChallengeView = {
  id: string;
  purpose: string;
  phoneE164: string;
  attemptsLeft: number;
  expiresAtMs: number;
  sentAtMs: number;
  messageId: string | null;
  consumed: boolean;
};

export type LockoutPolicy = {
  thresholdFailures: number;
  baseLockMs: number;
  maxLockMs: number;
  failureMemoryMs: number;
};

export type VerifyOutcome =
  | { outcome: "ok"; challengeId: string; phoneE164: string }
  | { outcome: "invalid"; attemptsLeft: number }
  /**
   * The guess was the code the last resend replaced: counted on the account (like any failure,
   * so it can lock it) but not against this code, whose `attemptsLeft` are unchanged.
   */
  | { outcome: "earlier_code"; attemptsLeft: number }
  | { outcome: "too_many_attempts" }
  | { outcome: "expired" }
  | { outcome: "not_found" }
  | { outcome: "locked"; retryAfterMs: number };

/** What verify() is told. */
export type VerifyInput = {
  userId: string;
  purpose: string;
  codeHash: string;
  nowMs: number;
  lockout: LockoutPolicy;
};

/** An audit event a right code commits with it (the sign-in it completes). */
export type CheckEvent = {
  type: AuditEventType;
  detail: Record<string, unknown>;
  /**
   * Recorded only when the account already had an event of this type before the check (a new
   * browser is news only after the account's first sign-in); otherwise left out.
   */
  onlyAfter?: AuditEventType;
  /**
   * The security notice's outbox body for this event (notices/security-notices.ts), queued with
   * it by a one-step check whose `noticeSink` is the notices' outbox. Only the check's caller sets it.
   */
  notice?: string;
};

/**
 * The whole check of one request: the per-IP check window (`ipWindow`: the limiter's spec and
 * key, absent when the address is unknown), the code, and the guess's audit event from `ip`.
 */
export type CheckCodeInput = VerifyInput & {
  ipWindow: { spec: LimitSpec; key: string } | null;
  ip: string | null;
  okEvents: readonly CheckEvent[];
};

export type CheckCodeOutcome =
  | Exclude<VerifyOutcome, { outcome: "invalid" | "ok" }>
  /**
   * `okEventsRecorded`: the input's `okEvents` that were written (those whose `onlyAfter` held);
   * absent: all of them.
   */
  | { outcome: "ok"; challengeId: string; phoneE164: string; okEventsRecorded?: readonly CheckEvent[] }
  /** `deliveryStatus`: the last status reported for the code's SMS, null when none is known. */
  | { outcome: "invalid"; attemptsLeft: number; deliveryStatus: string | null }
  /** The per-IP window was spent: refused before the code was compared. */
  | { outcome: "rate_limited"; retryAfterMs: number };

/**
 * A store that can run a request's whole code check as one atomic operation, audit event
 * included. It records into one audit log only, named by `auditSink`; the core uses it only when
 * its own AuditLog has the same `sink`, so events never land somewhere the host doesn't read.
 */
export type OneStepCheck = {
  readonly auditSink: object;
  /**
   * Where a right code's country count goes (the SMS-pumping guard's counters, by identity like
   * `auditSink`): the check counts it itself, for a code saved with `conversionCallingCode`.
   */
  readonly countrySink?: object;
  /** The security-notice outbox a `CheckEvent.notice` is queued in, by identity. */
  readonly noticeSink?: object;
  /**
   * True when the check judges `CheckEvent.onlyAfter` itself, before it writes anything. Without
   * it the core gives the check no conditional event and records those after a right code.
   */
  readonly judgesOnlyAfter?: boolean;
  check(input: CheckCodeInput): Promise<CheckCodeOutcome>;
};

/** How save() treats the challenge it replaces. */
export type SaveOptions = {
  /**
   * A resend: keep the replaced code's hash (only the hash, only that one code) when it was not
   * used and went to the same number, so verify() can answer `earlier_code` for it. Without it
   * the replaced code is just a wrong guess.
   */
  keepEarlierCode?: boolean;
  /**
   * The calling code a right guess at this code counts toward in the SMS-pumping guard's
   * conversion, for a one-step check that counts it (`OneStepCheck.countrySink`). A store
   * without one ignores it (the guard counts through its own store).
   */
  conversionCallingCode?: string | null;
};

export interface ChallengeStore {
  /** Stores a new challenge, replacing any earlier one for the same user and purpose, atomically. */
  save(challenge: StoredChallenge, options?: SaveOptions): Promise<void>;
  /** The live (or consumed) challenge for a user and purpose, or null. */
  peek(userId: string, purpose: string): Promise<ChallengeView | null>;
  /** Records the provider message id of the SMS that carried the challenge's code. */
  attachMessage(userId: string, purpose: string, challengeId: string, messageId: string): Promise<void>;
  /**
   * One atomic step: refuse if the account is locked; otherwise count the guess against the code
   * and the account, and consume the code if it matches. The code a resend replaced (SaveOptions)
   * never matches; it answers `earlier_code` and counts on the account only. Both hashes are
   * compared in constant time. Concurrent calls are serialised per user.
   */
  verify(input: VerifyInput): Promise<VerifyOutcome>;
  /**
   * Optional: verify() with the per-IP window, the audit event and the delivery status folded
   * into the same atomic operation, so a check costs one round trip. Without it the core takes
   * the window, calls verify() and records the event in turn.
   */
  readonly oneStepCheck?: OneStepCheck;
  /** Drops the challenge (when the flow it belonged to is abandoned, or on sign-out). */
  remove(userId: string, purpose: string): Promise<void>;
}

/**
 * The one error a store may raise; anything else is a bug.
 *
 * It keeps a summary of the failure, never the failure itself: drizzle's DrizzleQueryError puts
 * the statement's parameters (phone numbers, code hashes, limiter keys made of phone numbers) in
 * its message and `params`, and pino logs an error's message, enumerable fields and whole cause
 * chain. The core logs this error each time it answers UNAVAILABLE.
 */
export class StoreUnavailableError extends Error {
  constructor(store: string, failure: unknown) {
    super(`${store} store unavailable: ${describeStoreFailure(failure)}`);
    this.name = "StoreUnavailableError";
  }
}

/**
 * The innermost error of a failure's cause chain (the driver's own: ECONNREFUSED, CONNECTION_CLOSED,
 * "PGlite is closed", a Redis reply), as name, code and message, with no query text or parameters.
 */
export function describeStoreFailure(failure: unknown): string {
  let root = failure;
  for (let depth = 0; depth < 8 && root instanceof Error && root.cause !== undefined; depth++) root = root.cause;
  if (!(root instanceof Error)) return "a non-error value was thrown";
  const code = "code" in root && typeof root.code === "string" ? ` [${root.code}]` : "";
  // A query error with no driver error under it: its message is the statement and its parameters.
  const message = "params" in root ? "query failed" : root.message;
  return `${root.name}${code}: ${message}`;
}

/**
 * Longest the core waits for one store call. A server that goes silent on a connection that stays
 * open (a frozen host, a network partition) sends no error, and postgres.js has no query timeout
 * of its own, so without this a check would hang until TCP gives up, minutes later. ioredis has
 * its own shorter commandTimeout (open-redis.ts). A call given up on may still run on the server
 * once it wakes; that can spend a guess or a code the user was told nothing about, never pass one.
 */
export const STORE_CALL_DEADLINE_MS = 5_000;

/** `work`, or a rejection once STORE_CALL_DEADLINE_MS have passed without an answer. */
export async function withinStoreDeadline<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const silence = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(Object.assign(new Error(`no answer within ${STORE_CALL_DEADLINE_MS} ms`), { code: "ETIMEDOUT" })),
      STORE_CALL_DEADLINE_MS,
    );
  });
  try {
    return await Promise.race([work, silence]);
  } finally {
    clearTimeout(timer);
  }
}
