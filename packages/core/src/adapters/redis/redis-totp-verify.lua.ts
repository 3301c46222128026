import { ACCOUNT_LOCK_LUA } from "./redis-account-lock.lua.js";

/**
 * The Redis twin of twostep_verify_totp() (drizzle/0011_earlier_code.sql). Its lock rules are the
 * shared ACCOUNT_LOCK_LUA, on the failure hash VERIFY_SCRIPT (redis-verify.lua.ts) uses, so SMS,
 * authenticator-app and backup codes share one counter and one lock. Both keys carry the user's
 * {u:<id>} hash tag, so on Redis Cluster they sit in one slot.
 *
 * KEYS[1] account failure hash, KEYS[2] last accepted TOTP step (string)
 * ARGV: step ("" = no match), nowMs, lockThreshold, lockBaseMs, lockMaxMs, failureMemoryMs
 * Returns: { outcome, retryAfterMs (-1 = none) }
 */
export const TOTP_VERIFY_SCRIPT = `${ACCOUNT_LOCK_LUA}
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
    -- Kept as long as the step could still be typed, with room to spare (one day).
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
