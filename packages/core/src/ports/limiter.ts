export type LimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export type LimitSpec = {
  /** Names the window in storage keys and logs, e.g. "send:user". */
  name: string;
  points: number;
  durationSeconds: number;
};

/** A fixed window of `points` per `durationSeconds` per key, shared by every app instance. */
export interface Limiter {
  readonly spec: LimitSpec;
  /** Takes one point; refused when the window is spent. */
  consume(key: string): Promise<LimitDecision>;
  /** Gives back a point taken by a request that then did nothing (for example a failed send). */
  refund(key: string): Promise<void>;
  /** How long until the key may consume again (0 when it may now), without taking a point. */
  retryAfterSeconds(key: string): Promise<number>;
  /**
   * Points taken in the key's current window (at most `points`) and seconds until it resets, for
   * operators' reports. Every store implements it; optional so stand-ins in tests need not.
   */
  usage?(key: string): Promise<{ used: number; resetsInSeconds: number }>;
  /** Forgets the key. */
  reset(key: string): Promise<void>;
}

export type LimiterFactory = (spec: LimitSpec) => Limiter;

