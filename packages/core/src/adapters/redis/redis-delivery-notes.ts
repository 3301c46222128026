import type { Redis } from "ioredis";
import type { Logger } from "../../log/logger.js";
import type { SmsLog } from "../../ports/sms-log.js";
import { DELIVERY_STATUS_RANK } from "../../sms/delivery-status.js";

/**
 * Delivery reports, copied onto the challenge their SMS carried, so the one-step check
 * (redis-check-code.lua.ts) answers a wrong guess with the code's delivery status without
 * reading the SQL SMS log (the SQL check joins sms_messages in its statement instead).
 *
 *   <prefix>:sms:<providerMessageId>   the challenge key the message carried (single-node Redis)
 */
export const messageChallengeKey = (prefix: string, providerMessageId: string) => `${prefix}:sms:${providerMessageId}`;

/**
 * attachMessage: KEYS[1] challenge hash, KEYS[2] (optional) the message's index key; ARGV challengeId,
 * messageId. The index lives as long as the challenge.
 */
export const ATTACH_MESSAGE_SCRIPT = `
if redis.call('HGET', KEYS[1], 'id') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'message_id', ARGV[2])
if KEYS[2] then
  local ttl = redis.call('PTTL', KEYS[1])
  if ttl > 0 then redis.call('SET', KEYS[2], KEYS[1], 'PX', ttl) end
end
return 1
`;

/**
 * KEYS[1] challenge hash; ARGV messageId, status, rank. Only while the challenge still carries
 * that message (a resend replaced it otherwise), and only forward, like the SMS log (a late
 * "sent" never covers "undelivered"; the first final status stands).
 */
const NOTE_DELIVERY_SCRIPT = `
if redis.call('HGET', KEYS[1], 'message_id') ~= ARGV[1] then return 0 end
local rank = tonumber(redis.call('HGET', KEYS[1], 'delivery_rank')) or -1
if rank >= tonumber(ARGV[3]) then return 0 end
redis.call('HSET', KEYS[1], 'delivery_status', ARGV[2], 'delivery_rank', ARGV[3])
return 1
`;

/**
 * The SMS log, with each report that moved a status forward also noted on the challenge. The SQL
 * log stays the record; a note that fails is logged and only costs the wrong-guess answer its
 * delivery hint (the status page still reads the SQL log).
 */
export function noteDeliveryOnChallenges(smsLog: SmsLog, redis: Redis, prefix: string, logger: Logger): SmsLog {
  return {
    ...smsLog,
    async advanceStatus(report) {
      const outcome = await smsLog.advanceStatus(report);
      if (outcome !== "advanced") return outcome;
      try {
        const challengeKey = await redis.get(messageChallengeKey(prefix, report.providerMessageId));
        if (challengeKey) {
          await redis.eval(NOTE_DELIVERY_SCRIPT, 1, challengeKey, report.providerMessageId, report.status, DELIVERY_STATUS_RANK[report.status]);
        }
      } catch (error) {
        logger.warn({ err: error }, "could not note a delivery report on its challenge");
      }
      return outcome;
    },
  };
}
