import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { StoreUnavailableError, withinStoreDeadline } from "../ports/challenge-store.js";
import type { Limiter, LimitSpec } from "../ports/limiter.js";

/** A refused consume's point is given back only when its window has at least this long to run. */
const REFUSED_POINT_MIN_MS = 1000;

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
          // rate-limiter-flexible adds the point before it compares, and keeps it when it refuses:
          // refused consumes would pile up over the cap, so a flood of refused requests spends what
          // later refunds give back (a shared SMS budget stays spent for its whole window). Give
          // it back: a refused consume leaves the window as it found it. Not in a window's last
          // second: a reward after the window lapsed would open the next one a point short of zero.
          if (error.msBeforeNext >= REFUSED_POINT_MIN_MS) await storeCall(() => limiter.reward(key, 1));
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
