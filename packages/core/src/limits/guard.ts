import type { Logger } from "../log/logger.js";
import { StoreUnavailableError } from "../ports/challenge-store.js";
import type { Limiter } from "../ports/limiter.js";
import type { Failure } from "../result-codes.js";

export type Rejection = Failure<"RATE_LIMITED", { retryAfterSeconds: number }>;

/** Runs a store-backed step; a store that fails or is down becomes UNAVAILABLE, never an answer. */
export async function failClosed<T>(logger: Logger, work: () => Promise<T>, what: string): Promise<T | Failure<"UNAVAILABLE">> {
  try {
    return await work();
  } catch (error) {
    logger[error instanceof StoreUnavailableError ? "warn" : "error"]({ err: error }, `${what} failed`);
    return { ok: false, code: "UNAVAILABLE" };
  }
}

/** Takes one point for `key`; a spent window becomes RATE_LIMITED with its retry time. No key, no limit. */
export async function takeLimit(limiter: Limiter, key: string | null | undefined): Promise<Rejection | null> {
  if (!key) return null;
  const decision = await limiter.consume(key);
  return decision.allowed ? null : { ok: false, code: "RATE_LIMITED", retryAfterSeconds: decision.retryAfterSeconds };
}
