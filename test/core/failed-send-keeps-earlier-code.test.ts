// Threat: a new code the provider refuses (SEND_FAILED, PHONE_BLOCKED_BY_PROVIDER) takes away the
// code the user already has on their phone, or gives a guesser at that code more attempts than it had.
// Through the real Plivo SDK against its fake on loopback, on PGlite and on Redis.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger, RESEND_COOLDOWN_SECONDS, type ChallengeService, type StateStore } from "@twostep/core";
import { createSqlStateStore, openDatabase, type DatabaseHandle } from "@twostep/core/sql";
import { createRedisStateStore, openRedis } from "@twostep/core/redis";
import { createOutboxSender } from "@twostep/core/outbox";
import { createPlivoSender } from "@twostep/core/plivo";
import { createTestNumberSender } from "@twostep/core/test-numbers";
import { startFakePlivo, type FakePlivo } from "../support/fake-plivo-server";
import { randomIp, randomPhone, randomUserId, serviceFor } from "../support/fixtures";
import { redisAvailable, TEST_REDIS_URL } from "../support/services";

const AUTH_ID = "MAFAKEAUTHID0000000";
const AUTH_TOKEN = "fake-auth-token-for-tests";
const SEND_TIMEOUT_MS = 500;
/** A test number the outbox answers as a fraud screen would (test-numbers.ts). */
const BLOCKED_AS_FRAUD = "+12015550193";

type Store = { store: StateStore; close(): Promise<void> };

const stores: [string, () => Promise<boolean>, () => Promise<Store>][] = [
  ["PGlite", async () => true, async () => {
    const handle = await openDatabase({ pgliteMemory: true });
    return { store: createSqlStateStore(handle.db), close: handle.close };
  }],
  ["Redis", redisAvailable, async () => {
    const redis = await openRedis(TEST_REDIS_URL);
    const prefix = `twostep-test-${randomUUID()}`;
    return {
      store: createRedisStateStore(redis, prefix),
      close: async () => {
        const keys = await redis.keys(`${prefix}:*`);
        if (keys.length > 0) await redis.del(...keys);
        redis.disconnect();
      },
    };
  }],
];

describe.each(stores)("a refused send on %s", async (_name, available, open) => {
  const run = await available();
  let plivo: FakePlivo;
  let logs: DatabaseHandle;
  let backend: Store;
  let service: ChallengeService;

  beforeAll(async () => {
    if (!run) return;
    plivo = await startFakePlivo({ authId: AUTH_ID, authToken: AUTH_TOKEN, autoCallbacks: false });
    logs = await openDatabase({ pgliteMemory: true });
    backend = await open();
    const logger = createLogger({ level: "silent" });
    const real = createPlivoSender({
      authId: AUTH_ID, authToken: AUTH_TOKEN, from: "+14155550100", apiUrl: plivo.url,
      timeoutMs: SEND_TIMEOUT_MS, maxRetries: 0, statusCallbackUrl: "https://app.example.com/api/sms/status", logger,
    });
    const sender = createTestNumberSender({ real, outbox: createOutboxSender({ logger }), logger });
    ({ service } = serviceFor(backend.store, logs.db, { sender, logger, settings: { originHost: "app.example.com" } }));
  });
  afterAll(async () => {
    if (!run) return;
    await plivo.close();
    await backend.close();
    await logs.close();
  });

  const actor = () => ({ userId: randomUserId(), purpose: "sign_in" as const, ip: randomIp() });
  const codeSentTo = (phone: string) => {
    const sms = plivo.lastMessageTo(phone.slice(1)) ?? plivo.lastMessageTo(phone);
    const code = sms?.text.match(/#(\d{6})$/)?.[1];
    if (!code) throw new Error(`no code was sent to ${phone}`);
    return code;
  };
  /** The resend cooldown is over (its window reset, not waited out). */
  const cooldownOver = (who: { userId: string; purpose: string }, phone: string) =>
    backend.store.limiter({ name: "send:cooldown", points: 1, durationSeconds: RESEND_COOLDOWN_SECONDS }).reset(`${who.userId}:${who.purpose}:${phone}`);
  const wrongFor = (code: string) => (code === "000000" ? "111111" : "000000");

  it.runIf(run)("leaves the code already sent usable after a failed resend: same expiry, attempts and delivery status", async () => {
    const who = actor();
    const phone = randomPhone();
    expect(await service.start({ ...who, phone })).toMatchObject({ ok: true });
    const code = codeSentTo(phone);
    expect(await service.verify({ ...who, code: wrongFor(code) })).toMatchObject({ ok: false, code: "INVALID_CODE", attemptsLeft: 4 });
    const before = await service.status(who);
    await cooldownOver(who, phone);

    plivo.script({ status: 400 });
    expect(await service.resend(who)).toEqual({ ok: false, code: "SEND_FAILED" });

    const after = await service.status(who);
    expect(after).toEqual({ ...before, resendAvailableInSeconds: 0 });
    expect(after).toMatchObject({ attemptsLeft: 4, delivery: { status: "queued" } });
    expect(await service.verify({ ...who, code })).toMatchObject({ ok: true, phoneE164: phone });
  });

  it.runIf(run)("leaves the code already sent usable when a new number is blocked by the provider", async () => {
    const who = actor();
    const phone = randomPhone();
    expect(await service.start({ ...who, phone })).toMatchObject({ ok: true });
    const code = codeSentTo(phone);
    expect(await service.start({ ...who, phone: BLOCKED_AS_FRAUD })).toEqual({ ok: false, code: "PHONE_BLOCKED_BY_PROVIDER" });
    expect(await service.status(who)).toMatchObject({ phoneLastDigits: phone.slice(-4), attemptsLeft: 5 });
    expect(await service.verify({ ...who, code })).toMatchObject({ ok: true, phoneE164: phone });
  });

  it.runIf(run)("gives a guesser at the code no attempt more while a resend is failing", async () => {
    const who = { ...actor(), ip: undefined };
    const phone = randomPhone();
    expect(await service.start({ ...who, phone })).toMatchObject({ ok: true });
    const code = codeSentTo(phone);
    await cooldownOver(who, phone);

    // Plivo takes the request but answers too late: the sender gives up and says so.
    plivo.script({ delayMs: SEND_TIMEOUT_MS * 4 });
    const resend = service.resend(who);
    await new Promise((resolve) => setTimeout(resolve, SEND_TIMEOUT_MS / 5));
    const guesses = [];
    for (let i = 0; i < 5; i++) guesses.push(await service.verify({ ...who, code: wrongFor(code) }));
    expect(await resend).toEqual({ ok: false, code: "SEND_FAILED" });

    expect(guesses.map((g) => (g.ok ? "ok" : g.code))).toEqual(["INVALID_CODE", "INVALID_CODE", "INVALID_CODE", "INVALID_CODE", "TOO_MANY_ATTEMPTS"]);
    expect(await service.status(who)).toMatchObject({ attemptsLeft: 0 });
    expect(await service.verify({ ...who, code })).toEqual({ ok: false, code: "TOO_MANY_ATTEMPTS" });
  });

  it.runIf(run)("keeps no code after a failed first send, and lets the user retry at once", async () => {
    const who = actor();
    const phone = randomPhone();
    plivo.script({ status: 400 });
    expect(await service.start({ ...who, phone })).toEqual({ ok: false, code: "SEND_FAILED" });
    expect(await service.status(who)).toBeNull();
    expect(await service.start({ ...who, phone })).toMatchObject({ ok: true });
  });
});
