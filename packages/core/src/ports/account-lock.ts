import type { LockoutPolicy } from "./challenge-store.js";

/**
 * The per-account failure counter and growing lock, as factors without a challenge row see it:
 * authenticator-app (TOTP) codes and backup codes. It is the very counter the SMS code check
 * (ChallengeStore.verify) keeps, on the same store, so a guess on one factor counts against all.
 * The SQL store runs twostep_verify_totp() (drizzle/0005, per app since 0016), the Redis store one
 * Lua script.
 */
export type TotpStepOutcome =
  | { outcome: "ok" }
  /** No step matched (or a failure counted for another factor). */
  | { outcome: "invalid" }
  /** The step matched but is not later than the last one accepted: a code used before. */
  | { outcome: "replayed" }
  | { outcome: "locked"; retryAfterMs: number };

export type AccountLockState = {
  /** Failures remembered now (0 once the memory ran out). */
  failures: number;
  /** Epoch milliseconds the lock ends; null when not locked. */
  lockedUntilMs: number | null;
};

export interface AccountLockStore {
  /**
   * One atomic step, serialised per user with ChallengeStore.verify: refuse while locked; accept
   * `step` only if it is later than the last step accepted for `factorId`, the app whose code
   * matched (then remember it and clear the failures); otherwise count one failure, locking as the
   * policy says. The step is kept per app, as each app's codes are its own: another app's code for
   * the same step is no replay. Without `factorId`, the step must be later than every step accepted
   * for the user. `step` null counts a failure (a wrong code, or a wrong backup code) unless locked.
   */
  checkTotpStep(input: { userId: string; factorId?: string | null; step: number | null; nowMs: number; lockout: LockoutPolicy }): Promise<TotpStepOutcome>;
  /** The counter and lock as they stand (for operators). */
  read(userId: string, nowMs: number): Promise<AccountLockState>;
  /** Forgets the failures and lifts the lock (an operator's unlock). */
  clear(userId: string): Promise<void>;
}
