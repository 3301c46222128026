import type { VerifyOutcome } from "../../ports/challenge-store.js";
import type { RedisClient } from "./redis-client.js";
import { waitForOneReplica } from "./replica-wait.js";

/** The verify script's answer (redis-verify.lua.ts), which the check script passes on first. */
export type VerifyReply = [outcome: string, attemptsLeft: number, retryAfterMs: number, challengeId: string, phone: string];

/**
 * The verify script's answer as the port's outcome: one reading for verify() and the one-step
 * check. A right code returns only once a replica has it marked used, before the caller issues a
 * full session (replica-wait.ts).
 */
export async function outcomeOfVerifyReply(redis: RedisClient, challengeKey: string, reply: VerifyReply): Promise<VerifyOutcome> {
  const [outcome, attemptsLeft, retryAfterMs, challengeId, phone] = reply;
  switch (outcome) {
    case "ok":
      await waitForOneReplica(redis, challengeKey);
      return { outcome, challengeId, phoneE164: phone };
    case "invalid":
    case "earlier_code":
      return { outcome, attemptsLeft };
    case "locked":
      return { outcome, retryAfterMs };
    case "too_many_attempts":
    case "expired":
    case "not_found":
      return { outcome };
    default:
      throw new Error(`unknown verify outcome ${outcome}`);
  }
}
