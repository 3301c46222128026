/**
 * The smallest atomic storage the challenge lifecycle needs. The SQL store (default) and the
 * Redis store (when REDIS_URL is set) both implement it, and one contract suite
 * (test/contract/state-store.contract.ts) holds them to the same behaviour.
 *
 * Every method rejects with StoreUnavailableError when the backing service can't be reached; the
 * core turns that into the UNAVAILABLE result, so nothing passes while the store is down.
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
  | { outcome: "too_many_attempts" }
  | { outcome: "expired" }
  | { outcome: "not_found" }
  | { outcome: "locked"; retryAfterMs: number };

export interface ChallengeStore {
  /** Stores a new challenge, replacing any earlier one for the same user and purpose. */
  save(challenge: StoredChallenge): Promise<void>;
  /** The live (or consumed) challenge for a user and purpose, or null. */
  peek(userId: string, purpose: string): Promise<ChallengeView | null>;
  /** Records the provider message id of the SMS that carried the challenge's code. */
  attachMessage(userId: string, purpose: string, challengeId: string, messageId: string): Promise<void>;
  /**
   * One atomic step: refuse if the account is locked; otherwise count the guess against the code
   * and the account, and consume the code if it matches. Concurrent calls are serialised per user.
   */
  verify(input: {
    userId: string;
    purpose: string;
    codeHash: string;
    nowMs: number;
    lockout: LockoutPolicy;
  }): Promise<VerifyOutcome>;
  /** Drops the challenge (for example after the code's SMS could not be sent). */
  remove(userId: string, purpose: string): Promise<void>;
}

/** The one error a store may raise; anything else is a bug. */
export class StoreUnavailableError extends Error {
  constructor(store: string, cause: unknown) {
    super(`${store} store unavailable: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = "StoreUnavailableError";
    this.cause = cause;
  }
}
