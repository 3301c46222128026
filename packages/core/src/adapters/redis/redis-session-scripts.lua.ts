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
 * Lua that lists a session in its user's index (KEYS[n], score ARGV[a], member ARGV[b]) and lets
 * the index live at least `ARGV[c]` ms more, never less: the index must outlive the user's longest
 * session, so a shorter one opened later (a pending record's minutes) never cuts it short. A PTTL
 * compare rather than PEXPIRE … GT, which needs Redis 7.0; -1 (no TTL yet: a new key) gets one.
 */
const indexAdd = (key: string, score: string, member: string, ttlMs: string) => `
redis.call('ZADD', ${key}, ${score}, ${member})
if redis.call('PTTL', ${key}) < tonumber(${ttlMs}) then redis.call('PEXPIRE', ${key}, ${ttlMs}) end`;

/**
 * Lists a session in its user's index, keeping the index's TTL the longest asked for. One key,
 * so it runs on a Cluster too. KEYS[1] the user's index; ARGV[1] createdAtMs, ARGV[2] id, ARGV[3] ttlMs.
 */
export const INDEX_ADD = `${indexAdd("KEYS[1]", "ARGV[1]", "ARGV[2]", "ARGV[3]")}
return 0`;

/**
 * Ends the record only if it is a pending one of this user, and says so (1) or not (0): the
 * Cluster's first step of an upgrade, before the full record is written. One key.
 * KEYS[1] the pending record; ARGV[1] the user id the upgrade is for.
 */
export const END_IF_PENDING_OF = `
local found = redis.call('HMGET', KEYS[1], 'user_id', 'stage')
if found[1] ~= ARGV[1] or found[2] ~= 'pending' then return 0 end
redis.call('DEL', KEYS[1])
return 1`;

/**
 * Ends the pending record and opens the full one (a sign-in finished), then lists the new one in
 * its user's index; the ended one leaves the index it was in. Only if the ended record still
 * exists, is pending and is the new record's user's: a sign-out, "end other sessions" or password
 * reset that ended it while the second step was checked leaves nothing to upgrade, and the script
 * answers 0 having written nothing. 1 when it replaced.
 * KEYS[1] ended record, KEYS[2] new record, KEYS[3] the new record's user index
 * ARGV: endedId, newId, ttlMs, createdAtMs, userId, then field/value pairs of the new record
 */
export const REPLACE_SESSION = `
local found = redis.call('HMGET', KEYS[1], 'user_id', 'stage')
if found[1] ~= ARGV[5] or found[2] ~= 'pending' then return 0 end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('HSET', KEYS[2], unpack(ARGV, 6))
redis.call('PEXPIRE', KEYS[2], ARGV[3])${indexAdd("KEYS[3]", "ARGV[4]", "ARGV[2]", "ARGV[3]")}
return 1`;
