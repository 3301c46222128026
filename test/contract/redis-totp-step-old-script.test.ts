// Threat: during a rolling deploy past the per-app TOTP steps, an instance of the older code still
// runs the two-key script (one last step per user, in `totp_step`) beside the new per-app one; a
// code one of them accepted then passes again on the other, inside its 90-second window. On Redis,
// under a prefix of its own.
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCOUNT_LOCKOUT } from "@twostep/core";
import { createRedisStateStore, openRedis } from "@twostep/core/redis";
import { ACCOUNT_LOCK_LUA } from "../../packages/core/src/adapters/redis/redis-account-lock.lua";
import { redisAvailable, TEST_REDIS_URL } from "../support/services";

/** The script the code before the per-app steps ran (redis-totp-verify.lua.ts then), as it was. */
const OLD_SCRIPT = `${ACCOUNT_LOCK_LUA}
local failureKey, stepKey = KEYS[1], KEYS[2]
local step = tonumber(ARGV[1])
local now = tonumber(ARGV[2])
local threshold = tonumber(ARGV[3])
local baseMs = tonumber(ARGV[4])
local maxMs = tonumber(ARGV[5])
local memoryMs = tonumber(ARGV[6])

local remaining = lockRemaining(failureKey, now)
if remaining then
  return { 'locked', remaining }
end

local outcome = 'invalid'
if step then
  local last = tonumber(redis.call('GET', stepKey))
  if not last or step > last then
    redis.call('SET', stepKey, ARGV[1], 'PX', 86400000)
    countCheck(failureKey, true, now, threshold, baseMs, maxMs, memoryMs)
    return { 'ok', -1 }
  end
  outcome = 'replayed'
end

local lockMs = countCheck(failureKey, false, now, threshold, baseMs, maxMs, memoryMs)
if lockMs >= 0 then
  return { 'locked', lockMs }
end
return { outcome, -1 }
`;

describe("the older per-user TOTP step script beside the per-app one, on Redis", async () => {
  const run = await redisAvailable();
  let redis: Redis;
  const prefix = `twostep-test-${randomUUID()}`;
  beforeAll(async () => {
    if (run) redis = await openRedis(TEST_REDIS_URL);
  });
  afterAll(async () => {
    if (!run) return;
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  function instances() {
    const store = createRedisStateStore(redis, prefix);
    const userId = `u-${randomUUID()}`;
    const nowMs = Date.now();
    const { thresholdFailures, baseLockMs, maxLockMs, failureMemoryMs } = ACCOUNT_LOCKOUT;
    const keys = [`${prefix}:{u:${userId}}:failures`, `${prefix}:{u:${userId}}:totp_step`];
    const older = async (step: number) =>
      ((await redis.eval(OLD_SCRIPT, 2, ...keys, step, nowMs, thresholdFailures, baseLockMs, maxLockMs, failureMemoryMs)) as [string, number])[0];
    const newer = async (step: number, factorId: string) =>
      (await store.accountLock.checkTotpStep({ userId, factorId, step, nowMs, lockout: ACCOUNT_LOCKOUT })).outcome;
    return { older, newer };
  }

  it.runIf(run)("a code the new instance accepted is a replay on the older one, and the other way round", async () => {
    const { older, newer } = instances();
    expect(await newer(100, "app-a")).toBe("ok");
    expect(await older(100)).toBe("replayed");
    expect(await older(99)).toBe("replayed");
    expect(await older(101)).toBe("ok");
    expect(await newer(101, "app-b")).toBe("replayed");
    expect(await newer(101, "app-a")).toBe("replayed");
    expect(await newer(102, "app-b")).toBe("ok");
    expect(await older(102)).toBe("replayed");
  });

  it.runIf(run)("what the mirror costs the new instances: nothing; each app's own first code for a used step still passes", async () => {
    const { older, newer } = instances();
    expect(await newer(200, "app-a")).toBe("ok");
    expect(await newer(200, "app-b")).toBe("ok");
    expect(await newer(199, "app-c")).toBe("ok");
    expect(await newer(200, "app-a")).toBe("replayed");
    // The older instance refuses every step up to the highest any app used, as it always did.
    expect(await older(200)).toBe("replayed");
    expect(await older(201)).toBe("ok");
  });
});
