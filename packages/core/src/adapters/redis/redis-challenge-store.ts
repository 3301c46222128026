import {
  StoreUnavailableError,
  type ChallengeStore,
  type ChallengeView,
  type SaveOptions,
  type StoredChallenge,
  type VerifyOutcome,
} from "../../ports/challenge-store.js";
import { CHALLENGE_RETENTION_AFTER_EXPIRY_MS } from "../../challenge/challenge-retention.js";
import { VERIFY_SCRIPT } from "./redis-verify.lua.js";
import { isCluster, type RedisClient } from "./redis-client.js";
import { ATTACH_MESSAGE_SCRIPT, messageChallengeKey } from "./redis-delivery-notes.js";
import { outcomeOfVerifyReply, type VerifyReply } from "./redis-verify-outcome.js";


type RedisWithVerify = RedisClient & {
  twostepVerify(
    challengeKey: string,
    failureKey: string,
    ...args: (string | number)[]
  ): Promise<VerifyReply>;
  twostepSaveChallenge(challengeKey: string, ...args: (string | number)[]): Promise<number>;
};

/**
 * save() as one script: the replaced challenge's fields go (DEL), so nothing of it (consumed_at_ms,
 * attempts) survives, except, on a resend (ARGV[1] = "1"), its code hash as previous_code_hash
 * when it was unused, went to the same number and had not expired when the new one was sent (the
 * SQL store's rule, sql-challenge-store.ts). Atomic with VERIFY_SCRIPT: a check sees the old code
 * either live or as the earlier one.
 * KEYS[1] challenge hash; ARGV: keepEarlier ("1"/"0"), expireAtMs, then field, value, … pairs.
 */
const SAVE_SCRIPT = `
local key = KEYS[1]
local old = redis.call('HMGET', key, 'code_hash', 'consumed_at_ms', 'phone', 'expires_at_ms')
redis.call('DEL', key)
redis.call('HSET', key, unpack(ARGV, 3))
local new = redis.call('HMGET', key, 'phone', 'sent_at_ms')
if ARGV[1] == '1' and old[1] and not old[2] and old[3] == new[1]
    and tonumber(old[4]) > tonumber(new[2]) then
  redis.call('HSET', key, 'previous_code_hash', old[1])
end
redis.call('PEXPIREAT', key, ARGV[2])
return 1
`;

/**
 * Key layout, safe for Redis Cluster: everything of one user shares the hash tag {u:<userId>}.
 *   <prefix>:{u:<userId>}:challenge:<purpose>   hash of the live challenge
 *   <prefix>:{u:<userId>}:failures              hash of the account failure counter and lock
 */
export function createRedisChallengeStore(redis: RedisClient, prefix = "twostep"): ChallengeStore {
  const client = redis as RedisWithVerify;
  if (typeof client.twostepVerify !== "function") {
    redis.defineCommand("twostepVerify", { numberOfKeys: 2, lua: VERIFY_SCRIPT });
  }
  if (typeof client.twostepSaveChallenge !== "function") {
    redis.defineCommand("twostepSaveChallenge", { numberOfKeys: 1, lua: SAVE_SCRIPT });
  }
  const challengeKey = (userId: string, purpose: string) => `${prefix}:{u:${userId}}:challenge:${purpose}`;
  const failureKey = (userId: string) => `${prefix}:{u:${userId}}:failures`;

  const guard = async <T>(operation: () => Promise<T>): Promise<T> => {
    try {
      return await operation();
    } catch (error) {
      throw new StoreUnavailableError("redis", error);
    }
  };

  return {
    save: (c: StoredChallenge, options: SaveOptions = {}) =>
      guard(async () => {
        const key = challengeKey(c.userId, c.purpose);
        const fields: Record<string, string | number> = {
          id: c.id,
          phone: c.phoneE164,
          code_hash: c.codeHash,
          attempts: 0,
          max_attempts: c.maxAttempts,
          expires_at_ms: c.expiresAtMs,
          sent_at_ms: c.sentAtMs,
        };
        if (c.messageId) fields.message_id = c.messageId;
        await client.twostepSaveChallenge(
          key,
          options.keepEarlierCode ? "1" : "0",
          c.expiresAtMs + CHALLENGE_RETENTION_AFTER_EXPIRY_MS,
          ...Object.entries(fields).flat(),
        );
      }),

    peek: (userId, purpose) =>
      guard(async (): Promise<ChallengeView | null> => {
        const h = await redis.hgetall(challengeKey(userId, purpose));
        if (!h.id) return null;
        return {
          id: h.id,
          purpose,
          phoneE164: h.phone ?? "",
          attemptsLeft: Math.max(Number(h.max_attempts) - Number(h.attempts), 0),
          expiresAtMs: Number(h.expires_at_ms),
          sentAtMs: Number(h.sent_at_ms),
          messageId: h.message_id ?? null,
          consumed: h.consumed_at_ms !== undefined,
        };
      }),

    attachMessage: (userId, purpose, challengeId, messageId) =>
      guard(async () => {
        const key = challengeKey(userId, purpose);
        // Only if the challenge is still the one the message carried (a resend may have replaced it).
        // On one server, the same script files the challenge under the message id, so a delivery
        // report can reach it (redis-delivery-notes.ts); on a cluster the two keys' slots differ.
        if (isCluster(redis)) {
          await redis.eval(ATTACH_MESSAGE_SCRIPT, 1, key, challengeId, messageId);
        } else {
          await redis.eval(ATTACH_MESSAGE_SCRIPT, 2, key, messageChallengeKey(prefix, messageId), challengeId, messageId);
        }
      }),

    verify: ({ userId, purpose, codeHash, nowMs, lockout }) =>
      guard(async (): Promise<VerifyOutcome> => {
        const reply = await client.twostepVerify(
          challengeKey(userId, purpose),
          failureKey(userId),
          codeHash,
          nowMs,
          lockout.thresholdFailures,
          lockout.baseLockMs,
          lockout.maxLockMs,
          lockout.failureMemoryMs,
        );
        return outcomeOfVerifyReply(redis, challengeKey(userId, purpose), reply);
      }),

    remove: (userId, purpose) =>
      guard(async () => {
        await redis.del(challengeKey(userId, purpose));
      }),
  };
}
