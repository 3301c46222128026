import type { Redis } from "ioredis";
import {
  StoreUnavailableError,
  withinStoreDeadline,
  type OneStepCheck,
} from "../../ports/challenge-store.js";
import type { AuditStreamMover } from "./audit-stream-mover.js";
import { CHECK_CODE_SCRIPT } from "./redis-check-code.lua.js";
import { outcomeOfVerifyReply } from "./redis-verify-outcome.js";

type CheckReply = [string, number, number, string, string, string];
type RedisWithCheck = Redis & {
  twostepCheckCode(challengeKey: string, failureKey: string, windowKey: string, streamKey: string, ...args: (string | number)[]): Promise<CheckReply>;
};

/**
 * The whole check of one request as one script (redis-check-code.lua.ts): per-IP window, code,
 * audit stream entry, delivery status. Records into the SQL audit log the mover feeds, so it
 * names that log's sink. Single-node Redis only (the script's keys span slots).
 */
export function createRedisOneStepCheck(redis: Redis, prefix: string, mover: AuditStreamMover): OneStepCheck {
  const client = redis as RedisWithCheck;
  if (typeof client.twostepCheckCode !== "function") {
    redis.defineCommand("twostepCheckCode", { numberOfKeys: 4, lua: CHECK_CODE_SCRIPT });
  }
  const guard = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await withinStoreDeadline(work());
    } catch (error) {
      throw new StoreUnavailableError("redis", error);
    }
  };

  return {
    auditSink: mover.sink,
    async check({ userId, purpose, codeHash, nowMs, lockout, ipWindow, ip, okEvents }) {
      const challengeKey = `${prefix}:{u:${userId}}:challenge:${purpose}`;
      const reply = await guard(() =>
        client.twostepCheckCode(
          challengeKey,
          `${prefix}:{u:${userId}}:failures`,
          // The limiter's own key for this window (redis-limiter.ts): one window, whichever path counts.
          ipWindow ? `${prefix}:rl:${ipWindow.spec.name}:${ipWindow.key}` : `${prefix}:rl:none`,
          mover.streamKey,
          codeHash,
          nowMs,
          lockout.thresholdFailures,
          lockout.baseLockMs,
          lockout.maxLockMs,
          lockout.failureMemoryMs,
          ipWindow?.spec.points ?? 0,
          ipWindow?.spec.durationSeconds ?? 0,
          userId,
          purpose,
          ip ?? "",
          // Type and detail only. An event that depends on the account's history (in SQL) never
          // comes here: the script can't judge it, so the core records those after a right code.
          JSON.stringify(okEvents.map(({ type, detail }) => ({ type, detail }))),
        ),
      );
      const [outcome, attemptsLeft, retryAfterMs, challengeId, phone, delivery] = reply;
      try {
        if (outcome === "rate_limited") return { outcome, retryAfterMs };
        const verified = await guard(() => outcomeOfVerifyReply(redis, challengeKey, [outcome, attemptsLeft, retryAfterMs, challengeId, phone]));
        return verified.outcome === "invalid" ? { ...verified, deliveryStatus: delivery || null } : verified;
      } finally {
        // The script appended the guess's entry: move it into SQL soon, off this request's path.
        if (outcome !== "rate_limited" && outcome !== "expired" && outcome !== "not_found") mover.kick();
      }
    },
  };
}

