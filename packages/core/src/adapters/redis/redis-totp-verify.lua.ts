/**
 * The Redis twin of twostep_verify_totp() (drizzle/0005_totp_verify_function.sql). It reads and
 * writes the account failure hash exactly as VERIFY_SCRIPT (redis-verify.lua.ts) does, so SMS,
 * authenticator-app and backup codes share one counter and one lock. Both keys carry the user's
 * {u:<id>} hash tag, so on Redis Cluster they sit in one slot.
 *
 * KEYS[1] account failure hash, KEYS[2] last accepted TOTP step (string)
 * ARGV: step ("" = no match), nowMs, lockThreshold, lockBaseMs, lockMaxMs, failureMemoryMs
 * Returns: { outcome, retryAfterMs (-1 = none) }
 */
export const TOTP_VERIFY_SCRIPT = `
local failureKey, stepKey = KEYS[1], KEYS[2]
local step = tonumber(ARGV[1])
local now = tonumber(ARGV[2])
local threshold = tonumber(ARGV[3])
local baseMs = tonumber(ARGV[4])
local maxMs = tonumber(ARGV[5])
local memoryMs = tonumber(ARGV[6])

local account = redis.call('HMGET', failureKey, 'failures', 'locked_until_ms')
local failures = tonumber(account[1]) or 0
local lockedUntil = tonumber(account[2])
if lockedUntil and lockedUntil > now then
  return { 'locked', lockedUntil - now }
end

local outcome = 'invalid'
if step then
  local last = tonumber(redis.call('GET', stepKey))
  if not last or step > last then
    -- Kept as long as the step could still be typed, with room to spare (one day).
    redis.call('SET', stepKey, ARGV[1], 'PX', 86400000)
    redis.call('DEL', failureKey)
    return { 'ok', -1 }
  end
  outcome = 'replayed'
end

failures = failures + 1
local lockMs = -1
if failures >= threshold then
  lockMs = math.min(baseMs * (2 ^ math.min(failures - threshold, 40)), maxMs)
  redis.call('HSET', failureKey, 'failures', failures, 'locked_until_ms', now + lockMs)
else
  redis.call('HSET', failureKey, 'failures', failures)
  redis.call('HDEL', failureKey, 'locked_until_ms')
end
redis.call('PEXPIRE', failureKey, memoryMs + math.max(lockMs, 0))

if lockMs >= 0 then
  return { 'locked', lockMs }
end
return { outcome, -1 }
`;
