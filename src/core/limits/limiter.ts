import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { StoreUnavailableError, withinStoreDeadline } from "../store/challenge-store";

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

/**
 * Wraps a rate-limiter-flexible limiter. Its consume() rejects with a RateLimiterRes when the
 * window is spent and with an Error when the store failed; the second, like a store that gives no
 * answer within STORE_CALL_DEADLINE_MS, becomes StoreUnavailableError so the core fails closed.
 */
export function wrapLimiter(spec: LimitSpec, limiter: RateLimiterAbstract, storeName: string): Limiter {
  const storeCall = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      return await withinStoreDeadline(call());
    } catch (error) {
      if (error instanceof RateLimiterRes) throw error;
      throw new StoreUnavailableError(storeName, error);
    }
  };
  return {
    spec,
    async consume(key) {
      try {
        await storeCall(() => limiter.consume(key));
        return { allowed: true };
      } catch (error) {
        if (error instanceof RateLimiterRes) {
          return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(error.msBeforeNext / 1000)) };
        }
        throw error;
      }
    },
    async refund(key) {
      await storeCall(() => limiter.reward(key, 1));
    },
    async retryAfterSeconds(key) {
      const res = await storeCall(() => limiter.get(key));
      if (!res || res.consumedPoints < spec.points) return 0;
      return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
    },
    async usage(key) {
      const res = await storeCall(() => limiter.get(key));
      if (!res || res.msBeforeNext <= 0) return { used: 0, resetsInSeconds: 0 };
      return {
        used: Math.min(Math.max(res.consumedPoints, 0), spec.points),
        resetsInSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)),
      };
    },
    async reset(key) {
      await storeCall(() => limiter.delete(key));
    },
  };
}
