import { VERIFY_SCRIPT } from "./redis-verify.lua.js";

/**
 * The Redis twin of twostep_check_code() (drizzle/0011_earlier_code.sql): a request's whole code
 * check in one script, so one round trip and no other command in between. It takes the per-IP
 * window, runs VERIFY_SCRIPT itself (wrapped as a function, not copied: one set of check rules),
 * and appends the guess to the audit stream, so no counted guess goes unrecorded even when the
 * server dies right after (audit-stream-mover.ts moves the stream into the SQL audit log).
 *
 * The window is rate-limiter-flexible's RateLimiterRedis window on the same key
 * (`<prefix>:rl:verify:ip:<ip>`), with the effect of its consume script's steps (rlflxIncr, v11):
 * SET 0 EX NX, INCRBY, PTTL, EXPIRE when the key had none; refused once the count passes the
 * points, the refused call counted too. So guesses counted here and points taken through the
 * limiter share one window. A new window is taken in one command, SET 1 EX NX, which leaves the
 * key as those steps would (1, expiring in the window's seconds) and, since points are at least
 * 1, can't refuse, so its time left isn't needed; an existing one takes the steps after the SET.
 * Most honest checks open a window, and each command a script issues costs Redis about a
 * microsecond beyond its own work.
 *
 * The four keys sit in three slots (the user's {u:<id>} tag, the address's window, the stream):
 * single-node Redis only. On Redis Cluster the core keeps the steps (redis-state-store.ts).
 *
 * KEYS[1] challenge hash, KEYS[2] account failure hash, KEYS[3] the per-IP window, KEYS[4] audit stream
 * ARGV[1..6] VERIFY_SCRIPT's (codeHash, nowMs, lockThreshold, lockBaseMs, lockMaxMs, failureMemoryMs)
 * ARGV[7] window points (0 = no window: the address is unknown), ARGV[8] window seconds,
 * ARGV[9] userId, ARGV[10] purpose, ARGV[11] ip ("" = unknown), ARGV[12] okEvents (JSON)
 * Returns: { outcome, attemptsLeft, retryAfterMs, challengeId, phone, deliveryStatus ("" = none) }
 */
export const CHECK_CODE_SCRIPT = `
local function verifyCode(KEYS, ARGV)
${VERIFY_SCRIPT}
end

local windowKey, streamKey = KEYS[3], KEYS[4]

local points = tonumber(ARGV[7])
if points > 0 then
  local seconds = tonumber(ARGV[8])
  if not redis.call('SET', windowKey, 1, 'EX', seconds, 'NX') then
    local consumed = redis.call('INCRBY', windowKey, 1)
    local ttl = redis.call('PTTL', windowKey)
    if ttl == -1 then
      redis.call('EXPIRE', windowKey, seconds)
      ttl = 1000 * seconds
    end
    if consumed > points then
      return { 'rate_limited', -1, ttl, '', '', '' }
    end
  end
end

-- This script's first two keys and six arguments are VERIFY_SCRIPT's, in its order.
local r = verifyCode(KEYS, ARGV)
local outcome = r[1]

-- The outcomes that leave an audit event (eventsOfCheck, one-step-events.ts, turns the entry into rows).
if outcome == 'ok' or outcome == 'invalid' or outcome == 'earlier_code' or outcome == 'too_many_attempts'
    or outcome == 'locked' then
  local fields = { 'user_id', ARGV[9], 'purpose', ARGV[10], 'ip', ARGV[11], 'outcome', outcome,
    'retry_after_ms', r[3] }
  if outcome == 'ok' then
    fields[#fields + 1] = 'ok_events'
    fields[#fields + 1] = ARGV[12]
  end
  redis.call('XADD', streamKey, '*', unpack(fields))
end

-- Only a wrong guess at a live code can be explained by an SMS that never arrived: verifyCode
-- read the delivery status with the challenge and returns it after an 'invalid' alone.
return { r[1], r[2], r[3], r[4], r[5], r[6] or '' }
`;
