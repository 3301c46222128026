/**
 * The session store's multi-key steps as scripts, for one Redis server only: a script may name
 * keys of one hash slot on a Cluster, and a session's record (<prefix>:session:<id>) and its
 * user's index (<prefix>:{u:<userId>}:sessions) are in different slots. On one server each is one
 * round trip and runs without another command in between.
 */

/** Sets last seen only on a record that still exists: a touch racing a sign-out never revives it. */
export const TOUCH_IF_PRESENT = `if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], 'last_seen_at_ms', ARGV[1]) end return 0`;

/**
 * Ends one record and drops it from its user's index; KEYS[2] is that user's index, found by the
 * caller from nothing it has, so the script reads the record's user first and builds the key.
 * KEYS[1] session record; ARGV[1] its id, ARGV[2] the key prefix.
 */
export const END_SESSION = `
local userId = redis.call('HGET', KEYS[1], 'user_id')
redis.call('DEL', KEYS[1])
if userId then redis.call('ZREM', ARGV[2] .. ':{u:' .. userId .. '}:sessions', ARGV[1]) end
return 0`;

/**
 * Ends the pending record and opens the full one (a sign-in finished), then lists the new one in
 * its user's index; the ended one leaves the index it was in.
 * KEYS[1] ended record, KEYS[2] new record, KEYS[3] the new record's user index
 * ARGV: endedId, newId, ttlMs, createdAtMs, prefix, then field/value pairs of the new record
 */
export const REPLACE_SESSION = `
local endedUser = redis.call('HGET', KEYS[1], 'user_id')
redis.call('DEL', KEYS[1])
if endedUser then redis.call('ZREM', ARGV[5] .. ':{u:' .. endedUser .. '}:sessions', ARGV[1]) end
redis.call('HSET', KEYS[2], unpack(ARGV, 6))
redis.call('PEXPIRE', KEYS[2], ARGV[3])
redis.call('ZADD', KEYS[3], ARGV[4], ARGV[2])
redis.call('PEXPIRE', KEYS[3], ARGV[3])
return 0`;
