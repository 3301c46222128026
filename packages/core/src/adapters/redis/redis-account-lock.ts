import type { Cluster, Redis } from "ioredis";
import type { AccountLockState, AccountLockStore, TotpStepOutcome } from "../../ports/account-lock.js";
import { StoreUnavailableError } from "../../ports/challenge-store.js";
import { waitForOneReplica } from "./replica-wait.js";
import { TOTP_VERIFY_SCRIPT } from "./redis-totp-verify.lua.js";

type Client = Redis | Cluster;
type WithTotpVerify = Client & {
  twostepVerifyTotpPerApp(failureKey: string, stepKey: string, appStepsKey: string, ...args: (string | number)[]): Promise<[string, number]>;
};

/**
 * The account lock in Redis. The failure key is the one the SMS check's script uses
 * (redis-challenge-store.ts): `<prefix>:{u:<userId>}:failures`; the contract suite proves the two
 * stay one lock. The last accepted TOTP step of each app sits beside it, in the hash
 * `<prefix>:{u:<userId>}:totp_steps` (app id to step); `<prefix>:{u:<userId>}:totp_step` is the
 * per-user step kept before (redis-totp-verify.lua.ts says why it is still read).
 */
export function createRedisAccountLock(redis: Client, prefix = "twostep"): AccountLockStore {
  const client = redis as WithTotpVerify;
  // A name of its own: a client that an older copy gave the two-key script keeps that one.
  if (typeof client.twostepVerifyTotpPerApp !== "function") {
    redis.defineCommand("twostepVerifyTotpPerApp", { numberOfKeys: 3, lua: TOTP_VERIFY_SCRIPT });
  }
  const failureKey = (userId: string) => `${prefix}:{u:${userId}}:failures`;
  const stepKey = (userId: string) => `${prefix}:{u:${userId}}:totp_step`;
  const appStepsKey = (userId: string) => `${prefix}:{u:${userId}}:totp_steps`;
  const guard = async <T>(operation: () => Promise<T>): Promise<T> => {
    try {
      return await operation();
    } catch (error) {
      throw new StoreUnavailableError("redis", error);
    }
  };

  return {
    checkTotpStep: ({ userId, factorId, step, nowMs, lockout }) =>
      guard(async (): Promise<TotpStepOutcome> => {
        const [outcome, retryAfterMs] = await client.twostepVerifyTotpPerApp(
          failureKey(userId),
          stepKey(userId),
          appStepsKey(userId),
          step === null ? "" : step,
          nowMs,
          lockout.thresholdFailures,
          lockout.baseLockMs,
          lockout.maxLockMs,
          lockout.failureMemoryMs,
          factorId ?? "",
        );
        switch (outcome) {
          case "ok":
            // As for a right SMS code (redis-verify-outcome.ts): the step is marked used on a
            // replica before the caller issues a session, so a failover right after does not
            // forget it and let the same code pass again within its window (replica-wait.ts).
            // The script wrote all three keys in one slot ({u:<userId>}): any of them finds the primary.
            await waitForOneReplica(redis, appStepsKey(userId));
            return { outcome };
          case "invalid":
          case "replayed":
            return { outcome };
          case "locked":
            return { outcome, retryAfterMs };
          default:
            throw new Error(`unknown TOTP outcome ${outcome}`);
        }
      }),

    read: (userId, nowMs) =>
      guard(async (): Promise<AccountLockState> => {
        const [failures, lockedUntil] = await redis.hmget(failureKey(userId), "failures", "locked_until_ms");
        const until = lockedUntil ? Number(lockedUntil) : null;
        return { failures: Number(failures ?? 0), lockedUntilMs: until !== null && until > nowMs ? until : null };
      }),

    clear: (userId) =>
      guard(async () => {
        await redis.del(failureKey(userId));
      }),
  };
}
