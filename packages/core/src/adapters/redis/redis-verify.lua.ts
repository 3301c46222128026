/**
 * The Redis twin of the SQL function twostep_verify() (drizzle/0001_verify_function.sql): one
 * script, so Redis runs it without interleaving any other command. Both keys carry the same
 * {u:<id>} hash tag, so on Redis Cluster they live in one slot and the script may touch both.
 *
 * KEYS[1] challenge hash, KEYS[2] account failure hash
 * ARGV: codeHash, nowMs, lockThreshold, lockBaseMs, lockMaxMs, failureMemoryMs
 * Returns: { outcome, attemptsLeft (-1 = none), retryAfterMs (-1 = none), challengeId, phone }
 */
export const VERIFY_SCRIPT = `
local challengeKey, failureKey = KEYS[1], KEYS[2]
local given = ARGV[1]
local now = tonumber(ARGV[2])
local threshold = tonumber(ARGV[3])
local baseMs = tonumber(ARGV[4])
local maxMs = tonumber(ARGV[5])
local memoryMs = tonumber(ARGV[6])

local account = redis.call('HMGET', failureKey, 'failures', 'locked_until_ms')
local failures = tonumber(account[1]) or 0
local lockedUntil = tonumber(account[2])
if lockedUntil and lockedUntil > now then
  return { 'locked', -1, lockedUntil - now, '', '' }
end

local c = redis.call('HMGET', challengeKey, 'id', 'phone', 'code_hash', 'attempts', 'max_attempts',
  'expires_at_ms', 'consumed_at_ms')
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

-- Compared as SHA-1 digests of the two values: the time the string comparison takes then depends
-- on digests the caller can't steer, so it says nothing about the stored hash. (A byte loop did
-- the same at twice the script's cost.)
local diff = 1
if redis.sha1hex(c[3]) == redis.sha1hex(given) then diff = 0 end

if diff == 0 then
  redis.call('HSET', challengeKey, 'consumed_at_ms', now)
  redis.call('DEL', failureKey)
  return { 'ok', maxAttempts - attempts, -1, c[1], c[2] }
end

redis.call('HINCRBY', challengeKey, 'attempts', 1)
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

local left = maxAttempts - attempts - 1
if lockMs >= 0 then
  return { 'locked', left, lockMs, c[1], '' }
elseif left <= 0 then
  return { 'too_many_attempts', 0, -1, c[1], '' }
end
return { 'invalid', left, -1, c[1], '' }
`;
