import type { AccountLockStore } from "./account-lock.js";
import type { ChallengeStore } from "./challenge-store.js";
import type { LimiterFactory } from "./limiter.js";

/** Where short-lived state lives: challenges and limiter windows, side by side. */
export type StateStore = {
  name: "sql" | "redis";
  challenges: ChallengeStore;
  limiter: LimiterFactory;
  /** The account failure counter and lock the challenges share, for factors with no challenge. */
  accountLock: AccountLockStore;
  /** A bare round trip, for health checks and the benchmark's baseline. */
  ping(): Promise<void>;
};
