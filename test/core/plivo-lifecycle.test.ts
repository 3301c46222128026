// Behaviour: a code challenge runs end to end through the real Plivo SDK (against a Plivo-compatible
// fake on loopback): the SMS carries the code and the origin-bound line, the message id is recorded,
// and a provider failure leaves no live code behind and no cooldown to wait out.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChallengeService, createLogger } from "@twostep/core";
import { createSqlSmsLog, createSqlStateStore, openDatabase } from "@twostep/core/sql";
import type { DatabaseHandle } from "@twostep/core/sql";
import { createPlivoSender } from "@twostep/core/plivo";
import { startFakePlivo, type FakePlivo } from "../support/fake-plivo-server";
import { randomIp, randomPhone, randomUserId, serviceFor } from "../support/fixtures";

const AUTH_ID = "MAFAKEAUTHID0000000";
const AUTH_TOKEN = "fake-auth-token-for-tests";

describe("challenges over the real Plivo SDK", () => {
  let plivo: FakePlivo;
  let database: DatabaseHandle;
  let service: ReturnType<typeof createChallengeService>;
  let smsLog: ReturnType<typeof createSqlSmsLog>;

  beforeAll(async () => {
    plivo = await startFakePlivo({ authId: AUTH_ID, authToken: AUTH_TOKEN });
    database = await openDatabase({ pgliteMemory: true });
    const logger = createLogger({ level: "silent" });
    const sender = createPlivoSender({
      authId: AUTH_ID, authToken: AUTH_TOKEN, from: "+14155550100", apiUrl: plivo.url,
      timeoutMs: 500, maxRetries: 1, statusCallbackUrl: "https://app.example.com/api/sms/status", logger,
    });
    ({ service, smsLog } = serviceFor(createSqlStateStore(database.db), database.db, {
      sender,
      logger,
      settings: { allowedCountries: new Set(["US"]), appName: "Acme", originHost: "app.example.com" },
    }));
  });
  afterAll(async () => {
    await plivo.close();
    await database.close();
  });

  it("delivers the code by SMS and accepts it back", async () => {
    const who = { userId: randomUserId(), purpose: "sign_in" as const, ip: randomIp() };
    const phone = randomPhone();
    const sent = await service.start({ ...who, phone });
    expect(sent.ok).toBe(true);
    const sms = plivo.lastMessageTo(phone.slice(1)) ?? plivo.lastMessageTo(phone);
    expect(sms).toBeDefined();
    expect(sms!.src).toMatch(/14155550100$/);
    expect(sms!.url).toBe("https://app.example.com/api/sms/status");
    expect(sms!.text).toMatch(/Acme/);
    expect(sms!.text).toMatch(/not share/i);
    const code = sms!.text.match(/@app\.example\.com #(\d{6})$/)?.[1];
    expect(code).toMatch(/^\d{6}$/);
    // Real sends keep no text: the body holds the code.
    expect(await smsLog.outbox({ to: phone })).toEqual([]);
    expect(await service.verify({ ...who, code })).toMatchObject({ ok: true, phoneE164: phone });
  });

  it("records the provider's message id for delivery tracking", async () => {
    const who = { userId: randomUserId(), purpose: "sign_in" as const, ip: randomIp() };
    await service.start({ ...who, phone: randomPhone() });
    const status = await service.status(who);
    expect(status).toMatchObject({ delivery: { status: "queued", errorCode: null } });
  });

  it.each([
    [{ status: 400 as const }],
    [{ status: 401 as const }],
    [{ status: 429 as const }],
  ])("answers SEND_FAILED on a %o reply, keeps no live code, and lets the user retry at once", async (reply) => {
    const who = { userId: randomUserId(), purpose: "sign_in" as const, ip: randomIp() };
    const phone = randomPhone();
    plivo.script(reply);
    expect(await service.start({ ...who, phone })).toEqual({ ok: false, code: "SEND_FAILED" });
    expect(await service.status(who)).toBeNull();
    expect((await service.start({ ...who, phone })).ok).toBe(true);
  });

  it("retries a 5xx once and then succeeds", async () => {
    const who = { userId: randomUserId(), purpose: "sign_in" as const, ip: randomIp() };
    const before = plivo.requests.length;
    plivo.script({ status: 500 });
    expect((await service.start({ ...who, phone: randomPhone() })).ok).toBe(true);
    expect(plivo.requests.length - before).toBe(2);
  });

  it("gives up on a provider that stays down", async () => {
    const who = { userId: randomUserId(), purpose: "sign_in" as const, ip: randomIp() };
    plivo.script({ status: 503 }, { status: 503 });
    expect(await service.start({ ...who, phone: randomPhone() })).toEqual({ ok: false, code: "SEND_FAILED" });
  });
});
