import { ACCOUNT_LOCK_LUA } from "./redis-account-lock.lua.js";

/**
 * The Redis twin of the SQL function twostep_verify() (drizzle/0011_earlier_code.sql): one
 * script, so Redis runs it without interleaving any other command. Both keys carry the same
 * {u:<id>} hash tag, so on Redis Cluster they live in one slot and the script may touch both.
 * The lock rules are the shared ACCOUNT_LOCK_LUA.
 *
 * KEYS[1] challenge hash, KEYS[2] account failure hash
 * ARGV: codeHash, nowMs, lockThreshold, lockBaseMs, lockMaxMs, failureMemoryMs
 * Returns: { outcome, attemptsLeft (-1 = none), retryAfterMs (-1 = none), challengeId, phone }, and
 * after an 'invalid' one more, the challenge's delivery status ('' = none): read in the one HMGET
 * the check needs anyway, for the one-step check (redis-check-code.lua.ts), which would otherwise
 * spend a command of its own on it. verify() leaves it unread.
 */
export const VERIFY_SCRIPT = `${ACCOUNT_LOCK_LUA}
local challengeKey, failureKey = KEYS[1], KEYS[2]
local given = ARGV[1]
local now = tonumber(ARGV[2])
local threshold = tonumber(ARGV[3])
local baseMs = tonumber(ARGV[4])
local maxMs = tonumber(ARGV[5])
local memoryMs = tonumber(ARGV[6])

local remaining = lockRemaining(failureKey, now)
if remaining then
  return { 'locked', -1, remaining, '', '' }
end

local c = redis.call('HMGET', challengeKey, 'id', 'phone', 'code_hash', 'attempts', 'max_attempts',
  'expires_at_ms', 'consumed_at_ms', 'previous_code_hash', 'delivery_status')
if not c[1] or c[7] then
  return { 'not_found', -1, -1, '', '' }
end
local attempts = tonumber(c[4])
local maxAttempts = tonumber(c[5])
if tonumber(c[6]) <= now then
  return { 'expired', -1, -1, c[1], '' }
end
if attempts >= maxAttempts then
  return { 'too_many_attempts', 0, -1, c[1], '' }
end

-- Compared as SHA-1 digests of the values: the time the string comparison takes then depends on
-- digests the caller can't steer, so it says nothing about either stored hash. (A byte loop did
-- the same at twice the script's cost.) The code a resend replaced is compared the same way; with
-- none, the current hash stands in and the answer is dropped, so the work is the same either way.
local givenDigest = redis.sha1hex(given)
local matches = redis.sha1hex(c[3]) == givenDigest
local earlier = c[8]
local matchesEarlier = redis.sha1hex(earlier or c[3]) == givenDigest and earlier ~= false

if matches then
  redis.call('HSET', challengeKey, 'consumed_at_ms', now)
  countCheck(failureKey, true, now, threshold, baseMs, maxMs, memoryMs)
  return { 'ok', maxAttempts - attempts, -1, c[1], c[2] }
end

-- The earlier code spends none of this code's attempts; every other wrong guess spends one.
if not matchesEarlier then
  redis.call('HINCRBY', challengeKey, 'attempts', 1)
  attempts = attempts + 1
end
local lockMs = countCheck(failureKey, false, now, threshold, baseMs, maxMs, memoryMs)

local left = maxAttempts - attempts
if lockMs >= 0 then
  return { 'locked', left, lockMs, c[1], '' }
elseif matchesEarlier then
  return { 'earlier_code', left, -1, c[1], '' }
elseif left <= 0 then
  return { 'too_many_attempts', 0, -1, c[1], '' }
end
return { 'invalid', left, -1, c[1], '', c[9] or '' }
`;
