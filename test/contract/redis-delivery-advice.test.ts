// Threat: on Redis the one-step check answers a wrong guess without reading the SQL SMS log, so a
// person typing at a code whose SMS the provider reported lost is never told to ask for a new one,
// or is told so about a code that did arrive (a report for an SMS a resend replaced, a late
// "sent" after "undelivered"). Delivery reports are noted on the challenge the SMS carried.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "@twostep/core";
import { createSqlAuditImport, createSqlSmsLog, openDatabase, type DatabaseHandle } from "@twostep/core/sql";
import { createOutboxSender } from "@twostep/core/outbox";
import { createAuditStreamMover, createRedisStateStore, noteDeliveryOnChallenges, openRedis, type AuditStreamMover } from "@twostep/core/redis";
import type { Redis } from "ioredis";
import { createTestNumberSender } from "../../packages/core/src/adapters/test-numbers/test-number-sender";
import { randomIp, randomUserId, serviceFor } from "../support/fixtures";
import { redisAvailable, TEST_REDIS_URL } from "../support/services";

const silent = createLogger({ level: "silent" });
/** A test number whose SMS stays "queued" (its simulated report is not wired here): the reports come from the test. */
const QUEUED_NUMBER = "+12015550190";

describe("a wrong guess on Redis says whether the code's SMS was reported lost", async () => {
  const run = await redisAvailable();
  let handle: DatabaseHandle;
  let redis: Redis;
  let prefix: string;
  let mover: AuditStreamMover;
  beforeAll(async () => {
    if (!run) return;
    handle = await openDatabase({ pgliteMemory: true });
    redis = await openRedis(TEST_REDIS_URL);
    prefix = `twostep-test-${randomUUID()}`;
    mover = createAuditStreamMover({ redis, prefix, target: createSqlAuditImport(handle.db), logger: silent });
  });
  afterAll(async () => {
    if (!run) return;
    await mover.close();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    await handle.close();
  });

  const setup = () => {
    const store = createRedisStateStore(redis, prefix, { auditTrail: mover });
    const smsLog = noteDeliveryOnChallenges(createSqlSmsLog(handle.db), redis, prefix, silent);
    const outbox = createOutboxSender({ logger: silent });
    const { service } = serviceFor(store, handle.db, { sender: createTestNumberSender({ real: outbox, outbox, logger: silent }) });
    const messageOf = async (userId: string) => (await store.challenges.peek(userId, "sign_in"))!.messageId!;
    const guess = (userId: string) => service.verify({ userId, purpose: "sign_in", code: "000000", ip: randomIp() });
    return { service, smsLog, messageOf, guess };
  };

  it.runIf(run)("is undelivered after the provider reports it so, and not before", async () => {
    const { service, smsLog, messageOf, guess } = setup();
    expect(service.checksReportDelivery).toBe(true);
    const userId = randomUserId();
    await service.start({ userId, purpose: "sign_in", phone: QUEUED_NUMBER });
    const first = await guess(userId);
    expect(first).toMatchObject({ ok: false, code: "INVALID_CODE", attemptsLeft: 4 });
    expect(first).not.toHaveProperty("undelivered");
    expect(await smsLog.advanceStatus({ providerMessageId: await messageOf(userId), status: "undelivered", errorCode: "30" })).toBe("advanced");
    expect(await guess(userId)).toMatchObject({ ok: false, code: "INVALID_CODE", attemptsLeft: 3, undelivered: true });
  });

  it.runIf(run)("keeps the first final status: a late 'sent' or 'delivered' never hides a lost SMS", async () => {
    const { service, smsLog, messageOf, guess } = setup();
    const userId = randomUserId();
    await service.start({ userId, purpose: "sign_in", phone: QUEUED_NUMBER });
    const providerMessageId = await messageOf(userId);
    await smsLog.advanceStatus({ providerMessageId, status: "undelivered", errorCode: null });
    await smsLog.advanceStatus({ providerMessageId, status: "sent", errorCode: null });
    await smsLog.advanceStatus({ providerMessageId, status: "delivered", errorCode: null });
    expect(await guess(userId)).toMatchObject({ code: "INVALID_CODE", undelivered: true });
  });

  it.runIf(run)("a report about the SMS a resend replaced says nothing about the new code", async () => {
    const { service, smsLog, messageOf, guess } = setup();
    const userId = randomUserId();
    await service.start({ userId, purpose: "sign_in", phone: QUEUED_NUMBER });
    const replaced = await messageOf(userId);
    // Another number (the first one's resend cooldown still runs); its SMS stays queued too.
    expect(await service.start({ userId, purpose: "sign_in", phone: "+12015550192" })).toMatchObject({ ok: true });
    expect(await messageOf(userId)).not.toBe(replaced);
    expect(await smsLog.advanceStatus({ providerMessageId: replaced, status: "failed", errorCode: null })).toBe("advanced");
    const answer = await guess(userId);
    expect(answer).toMatchObject({ ok: false, code: "INVALID_CODE" });
    expect(answer).not.toHaveProperty("undelivered");
  });
});
