/**
 * The account lock's rules, once, for every Redis check script (redis-verify.lua.ts,
 * redis-totp-verify.lua.ts): the twin of twostep_account_lock_take() and
 * twostep_account_lock_count() (drizzle/0011_earlier_code.sql, 0014, 0015). It is Lua text that each script
 * starts with, so both run it inside their own one script, with no other command in between.
 *
 * The account failure hash (`failures`, `locked_until_ms`) expires once its memory has passed,
 * counted from the end of the lock the last failure set (a guesser can't guess during a lock, so
 * memory spent inside one protects nothing), so a key that is gone is a counter of none.
 *
 * lockRemaining(failureKey, now): milliseconds the lock still has to run, or nil.
 * countCheck(failureKey, passed, now, threshold, baseMs, maxMs, memoryMs): a pass clears the
 *   counter; a failure adds one and, from the threshold on, locks for a time that doubles with each
 *   further failure, up to maxMs. Returns the lock a failure just set, in ms, or -1.
 *
 * lockRemaining reads both fields in one HMGET and keeps them for the countCheck of the same
 * script: nothing else runs in between and neither script writes the hash before countCheck, so
 * they are still what the hash holds. Each command a script issues costs Redis about a
 * microsecond, on a check of some 20: so a failure issues HMGET, HSET and PEXPIRE, and HDEL only
 * when there is a lock field to drop (HDEL of a missing field changes nothing).
 */
export const ACCOUNT_LOCK_LUA = `
local lockRead = nil

local function lockRemaining(failureKey, now)
  local h = redis.call('HMGET', failureKey, 'failures', 'locked_until_ms')
  lockRead = { key = failureKey, failures = h[1], lockedUntil = h[2] }
  local lockedUntil = tonumber(h[2])
  if lockedUntil and lockedUntil > now then return lockedUntil - now end
  return nil
end

local function countCheck(failureKey, passed, now, threshold, baseMs, maxMs, memoryMs)
  local read = lockRead
  lockRead = nil
  if passed then
    redis.call('DEL', failureKey)
    return -1
  end
  if not read or read.key ~= failureKey then
    local h = redis.call('HMGET', failureKey, 'failures', 'locked_until_ms')
    read = { failures = h[1], lockedUntil = h[2] }
  end
  local failures = (tonumber(read.failures) or 0) + 1
  local lockMs = -1
  if failures >= threshold then
    lockMs = math.min(baseMs * (2 ^ math.min(failures - threshold, 40)), maxMs)
    redis.call('HSET', failureKey, 'failures', failures, 'locked_until_ms', now + lockMs)
  else
    redis.call('HSET', failureKey, 'failures', failures)
    if read.lockedUntil then redis.call('HDEL', failureKey, 'locked_until_ms') end
  end
  redis.call('PEXPIRE', failureKey, memoryMs + math.max(lockMs, 0))
  return lockMs
end
`;
