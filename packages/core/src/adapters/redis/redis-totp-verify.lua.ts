import { ACCOUNT_LOCK_LUA } from "./redis-account-lock.lua.js";

/**
 * The Redis twin of twostep_verify_totp() (drizzle/0011_earlier_code.sql). Its lock rules are the
 * shared ACCOUNT_LOCK_LUA, on the failure hash VERIFY_SCRIPT (redis-verify.lua.ts) uses, so SMS,
 * authenticator-app and backup codes share one counter and one lock. Both keys carry the user's
 * {u:<id>} hash tag, so on Redis Cluster they sit in one slot.
 *
 * The last accepted step is kept per authenticator app, in a hash of app id to step: each app's
 * codes are its own, so app B's code for a step app A just used is no replay. The string key is
 * the per-user step the code before the per-app steps kept and read, and an instance of that code
 * may still run beside this one during a rolling deploy. So both ways:
 * - Its steps are refused here: the string key is read as a floor for every app.
 * - Our steps are refused there: each accepted step is mirrored into the string key (the highest
 *   so far), and the hash's MIRROR_FIELD remembers the value we wrote. A string key still holding
 *   that value was written by us, and the per-app steps already say it, so it is not a floor here;
 *   any other value was written by the older code (it only accepts a step above the key, so it
 *   never writes our value) or by a check naming no app, and is one.
 *
 * KEYS[1] account failure hash, KEYS[2] per-user step (string), KEYS[3] per-app steps (hash)
 * ARGV: step ("" = no match), nowMs, lockThreshold, lockBaseMs, lockMaxMs, failureMemoryMs,
 *       factorId ("" = no app named: the step must be later than every step of the user)
 * Returns: { outcome, retryAfterMs (-1 = none) }
 */
/** The hash field holding the step last mirrored into the string key; no app id has a colon. */
export const MIRROR_FIELD = "mirror:step";

export const TOTP_VERIFY_SCRIPT = `${ACCOUNT_LOCK_LUA}
local failureKey, stepKey, appStepsKey = KEYS[1], KEYS[2], KEYS[3]
local mirrorField = '${MIRROR_FIELD}'
local step = tonumber(ARGV[1])
local now = tonumber(ARGV[2])
local threshold = tonumber(ARGV[3])
local baseMs = tonumber(ARGV[4])
local maxMs = tonumber(ARGV[5])
local memoryMs = tonumber(ARGV[6])
local factorId = ARGV[7]

local remaining = lockRemaining(failureKey, now)
if remaining then
  return { 'locked', remaining }
end

local outcome = 'invalid'
if step then
  local floor = tonumber(redis.call('GET', stepKey))
  local mirrored = tonumber(redis.call('HGET', appStepsKey, mirrorField))
  local last = floor
  if floor and mirrored and floor == mirrored then last = nil end
  local function later(value)
    value = tonumber(value)
    if value and (not last or value > last) then last = value end
  end
  if factorId == '' then
    for _, value in ipairs(redis.call('HVALS', appStepsKey)) do later(value) end
  else
    later(redis.call('HGET', appStepsKey, factorId))
  end
  if not last or step > last then
    -- Kept as long as the step could still be typed, with room to spare (one day).
    if factorId == '' then
      redis.call('SET', stepKey, ARGV[1], 'PX', 86400000)
    else
      local mirror = step
      if floor and floor > mirror then mirror = floor end
      redis.call('SET', stepKey, mirror, 'PX', 86400000)
      redis.call('HSET', appStepsKey, factorId, ARGV[1], mirrorField, mirror)
      redis.call('PEXPIRE', appStepsKey, 86400000)
    end
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
