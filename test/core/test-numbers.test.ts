// Behaviour: test numbers (+1 201 555 0100–0199) never reach Plivo; their SMS land in the outbox,
// and 0190–0193 simulate never delivered, provider 5xx, late delivery and a fraud block (its own
// code, PHONE_BLOCKED_BY_PROVIDER), with the same statuses a real provider would report.
// Outside test numbers nothing changes.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { canReceiveSms, createChallengeService, createLogger, isDeliveryProblem, normalizePhone } from "@twostep/core";
import { createTwoStepFromConfig, loadConfig, STAGING_OUTBOX_OPT_IN } from "@twostep/core/env";
import type { DatabaseHandle } from "@twostep/core/sql";
import { createSqlSmsLog, createSqlStateStore, openDatabase } from "@twostep/core/sql";
import { createOutboxSender } from "@twostep/core/outbox";
import { createPlivoSender } from "@twostep/core/plivo";
import type { SendGuard, SmsLog } from "@twostep/core";
import { createTestNumberSender, isTestNumber, testNumberBehaviour, type TestNumberSender } from "@twostep/core/test-numbers";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startFakePlivo, type FakePlivo } from "../support/fake-plivo-server";
import { randomIp, randomPhone, randomUserId, serviceFor } from "../support/fixtures";
import { latestOutboxCode } from "../support/outbox-codes";

const AUTH_ID = "MAFAKEAUTHID0000000";
const AUTH_TOKEN = "fake-auth-token-for-tests";
const NEVER_DELIVERED_MS = 300;
const DELAYED_DELIVERY_MS = 600;

const who = () => ({ userId: randomUserId(), purpose: "sign_in" as const, ip: randomIp() });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the test-number block", () => {
  it("holds valid US numbers that can receive SMS, so they pass the same checks as real ones", () => {
    for (let line = 100; line <= 199; line++) {
      const parsed = normalizePhone(`+1 201 555 0${line}`);
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) continue;
      expect(parsed.phone.country).toBe("US");
      expect(canReceiveSms(parsed.phone)).toBe(true);
      expect(isTestNumber(parsed.phone.e164)).toBe(true);
    }
  });

  it("is exactly 0100–0199", () => {
    expect(isTestNumber("+12015550099")).toBe(false);
    expect(isTestNumber("+12015550200")).toBe(false);
    expect(isTestNumber("+12025550150")).toBe(false);
    expect(isTestNumber("+120155501000")).toBe(false);
    expect(testNumberBehaviour("+12015550100")).toBe("deliver");
    expect(testNumberBehaviour("+12015550189")).toBe("deliver");
    expect(testNumberBehaviour("+12015550190")).toBe("never_delivered");
    expect(testNumberBehaviour("+12015550191")).toBe("provider_error");
    expect(testNumberBehaviour("+12015550192")).toBe("delayed_delivery");
    expect(testNumberBehaviour("+12015550193")).toBe("blocked_as_fraud");
    expect(testNumberBehaviour("+12015550199")).toBe("deliver");
    expect(testNumberBehaviour("+14155550123")).toBeNull();
  });

  it("is on by default outside production, off in production unless SMS_TEST_NUMBERS=enabled", () => {
    const secrets = { AUTH_SECRET: randomBytes(32).toString("base64url"), CODE_HASH_KEY: randomBytes(32).toString("base64url"), TOTP_ENCRYPTION_KEY: randomBytes(32).toString("base64url") };
    // The outbox in production is a staging deployment's, opted in and behind a token.
    const staging = { TWOSTEP_STAGING_OUTBOX: STAGING_OUTBOX_OPT_IN, OUTBOX_TOKEN: randomBytes(32).toString("base64url"), TWOSTEP_STAGING_MAIL_OUTBOX: "i-understand-mail-is-readable" };
    const production = { NODE_ENV: "production", APP_ORIGIN: "https://auth.example.com", SMS_PROVIDER: "outbox", ...staging, ...secrets };
    expect(loadConfig({ NODE_ENV: "test", DATA_DIR: "/tmp/twostep-cfg", ...secrets }).smsTestNumbers).toBe(true);
    expect(loadConfig({ NODE_ENV: "development", DATA_DIR: "/tmp/twostep-cfg", ...secrets }).smsTestNumbers).toBe(true);
    expect(loadConfig(production).smsTestNumbers).toBe(false);
    expect(loadConfig({ ...production, SMS_TEST_NUMBERS: "enabled" }).smsTestNumbers).toBe(true);
    expect(loadConfig({ NODE_ENV: "test", DATA_DIR: "/tmp/twostep-cfg", SMS_TEST_NUMBERS: "disabled", ...secrets }).smsTestNumbers).toBe(false);
    expect(() => loadConfig({ ...production, SMS_TEST_NUMBERS: "yes" })).toThrow(/SMS_TEST_NUMBERS/);
  });
});

describe("test numbers with Plivo as the real sender", () => {
  let plivo: FakePlivo;
  let database: DatabaseHandle;
  let smsLog: SmsLog;
  let sender: TestNumberSender;
  let service: ReturnType<typeof createChallengeService>;

  beforeAll(async () => {
    plivo = await startFakePlivo({ authId: AUTH_ID, authToken: AUTH_TOKEN });
    database = await openDatabase({ pgliteMemory: true });
    const logger = createLogger({ level: "silent" });
    smsLog = createSqlSmsLog(database.db);
    const real = createPlivoSender({
      authId: AUTH_ID, authToken: AUTH_TOKEN, from: "+14155550100", apiUrl: plivo.url,
      timeoutMs: 500, maxRetries: 1, statusCallbackUrl: "https://app.example.com/api/sms/status", logger,
    });
    sender = createTestNumberSender({
      real,
      outbox: createOutboxSender({ logger }),
      smsLog,
      logger,
      delays: { neverDeliveredMs: NEVER_DELIVERED_MS, delayedDeliveryMs: DELAYED_DELIVERY_MS },
    });
    ({ service } = serviceFor(createSqlStateStore(database.db), database.db, {
      sender,
      logger,
      settings: { allowedCountries: new Set(["US"]), appName: "Acme", originHost: "app.example.com" },
    }));
  });
  afterAll(async () => {
    sender.close();
    await plivo.close();
    await database.close();
  });

  let plivoRequestsBefore = 0;
  const plivoWasNotCalled = () => expect(plivo.requests.length).toBe(plivoRequestsBefore);
  afterEach(() => {
    plivoRequestsBefore = plivo.requests.length;
  });

  const rowFor = async (phone: string) => {
    const rows = await database.db.query.smsMessages.findMany({
      where: (m, { eq }) => eq(m.toE164, phone),
      orderBy: (m, { desc }) => [desc(m.createdAt)],
    });
    return rows[0];
  };

  it("reports the real sender's provider, so the outbox route still knows Plivo is live", () => {
    expect(sender.provider).toBe("plivo");
  });

  it("0100–0189: delivered to the outbox with the text kept; the code works", async () => {
    const user = who();
    const phone = "+12015550142";
    expect((await service.start({ ...user, phone })).ok).toBe(true);
    plivoWasNotCalled();
    const row = await rowFor(phone);
    expect(row).toMatchObject({ provider: "outbox", status: "delivered", errorCode: null });
    expect(row?.body).toMatch(/@app\.example\.com #\d{6}$/);
    expect(await service.status(user)).toMatchObject({ delivery: { status: "delivered", errorCode: null } });
    const code = await latestOutboxCode(smsLog, phone);
    expect(await service.verify({ ...user, code })).toMatchObject({ ok: true, phoneE164: phone });
  });

  it("a real number still goes to Plivo, and its text is not kept", async () => {
    const phone = randomPhone();
    expect((await service.start({ ...who(), phone })).ok).toBe(true);
    expect(plivo.requests.length).toBe(plivoRequestsBefore + 1);
    expect(await rowFor(phone)).toMatchObject({ provider: "plivo", status: "queued", body: null });
    expect(await smsLog.outbox({ to: phone })).toEqual([]);
  });

  it("0190: accepted as queued, then reported undelivered; the code never shows in the outbox", async () => {
    const user = who();
    const phone = "+12015550190";
    expect((await service.start({ ...user, phone })).ok).toBe(true);
    plivoWasNotCalled();
    expect(await service.status(user)).toMatchObject({ delivery: { status: "queued" } });
    expect(await smsLog.outbox({ to: phone })).toEqual([]);
    await sleep(NEVER_DELIVERED_MS + 400);
    const status = await service.status(user);
    expect(status).toMatchObject({ delivery: { status: "undelivered", errorCode: "TEST_NUMBER_UNDELIVERED" } });
    expect(isDeliveryProblem(status && "delivery" in status ? status.delivery?.status : null)).toBe(true);
    expect(await smsLog.outbox({ to: phone })).toEqual([]);
  });

  it("0191: the provider fails (5xx): SEND_FAILED, no live code, the user may retry at once", async () => {
    const user = who();
    const phone = "+12015550191";
    expect(await service.start({ ...user, phone })).toEqual({ ok: false, code: "SEND_FAILED" });
    plivoWasNotCalled();
    expect(await service.status(user)).toBeNull();
    expect(await rowFor(phone)).toMatchObject({ status: "failed", errorCode: "PROVIDER_ERROR", body: null, providerMessageId: null });
    expect(await service.start({ ...user, phone })).toEqual({ ok: false, code: "SEND_FAILED" });
  });

  it("0192: queued at first and not in the outbox; delivered, and readable, a little later", async () => {
    const user = who();
    const phone = "+12015550192";
    expect((await service.start({ ...user, phone })).ok).toBe(true);
    plivoWasNotCalled();
    expect(await service.status(user)).toMatchObject({ delivery: { status: "queued" } });
    await expect(latestOutboxCode(smsLog, phone)).rejects.toThrow(/no code/);
    await sleep(DELAYED_DELIVERY_MS + 400);
    expect(await service.status(user)).toMatchObject({ delivery: { status: "delivered" } });
    const code = await latestOutboxCode(smsLog, phone);
    expect(await service.verify({ ...user, code })).toMatchObject({ ok: true });
  });

  it("0193: blocked as fraud: PHONE_BLOCKED_BY_PROVIDER (not a passing SEND_FAILED), recorded as rejected", async () => {
    const user = who();
    const phone = "+12015550193";
    // Its own code: a retry to this number won't help, so the page can say to use another one.
    expect(await service.start({ ...user, phone })).toEqual({ ok: false, code: "PHONE_BLOCKED_BY_PROVIDER" });
    plivoWasNotCalled();
    expect(await service.status(user)).toBeNull();
    expect(await rowFor(phone)).toMatchObject({ status: "rejected", errorCode: "BLOCKED_BY_PROVIDER", body: null });
  });

  it("a simulated late report never takes a final status back (it goes through the forward-only update)", async () => {
    const user = who();
    const phone = "+12015550192";
    expect((await service.start({ ...user, phone })).ok).toBe(true);
    const row = await rowFor(phone);
    // A "callback" that says undelivered first: the late simulated "delivered" must not replace it.
    expect(await smsLog.advanceStatus({ providerMessageId: row!.providerMessageId!, status: "undelivered", errorCode: "30" })).toBe("advanced");
    await sleep(DELAYED_DELIVERY_MS + 400);
    expect(await service.status(user)).toMatchObject({ delivery: { status: "undelivered", errorCode: "30" } });
  });

  it("close() drops reports still waiting", async () => {
    const logger = createLogger({ level: "silent" });
    const local = createTestNumberSender({
      real: createOutboxSender({ logger }),
      outbox: createOutboxSender({ logger }),
      smsLog,
      logger,
      delays: { neverDeliveredMs: 200 },
    });
    const messageId = crypto.randomUUID();
    const sent = await local.send({ to: "+12015550190", body: "x", messageId });
    expect(sent).toMatchObject({ ok: true, status: "queued", provider: "outbox" });
    await smsLog.record({
      id: messageId, provider: "outbox", providerMessageId: sent.ok ? sent.providerMessageId : null, toE164: "+12015550190",
      countryCallingCode: "1", body: "x", status: "queued", errorCode: null, challengeId: null, purpose: null, userId: null,
    });
    local.close();
    await sleep(400);
    expect(await smsLog.statusOf(sent.ok ? sent.providerMessageId : "")).toMatchObject({ status: "queued" });
  });
});

/** A whole core from env; the send guard is swapped for one that allows all, as routing is the subject here. */
async function startCore(env: Record<string, string>) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "twostep-testnumbers-"));
  const allowAll: SendGuard = { beforeSend: async () => ({ ok: true }), afterSend: async () => {}, afterVerified: async () => {} };
  const twostep = await createTwoStepFromConfig(loadConfig({ NODE_ENV: "test", DATA_DIR: dataDir, ...env }), {
    logger: createLogger({ level: "silent" }),
    sendGuard: allowAll,
    statusCallbackUrl: "https://app.example.com/api/sms/status",
  });
  return {
    twostep,
    async stop() {
      await twostep.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

describe("createTwoStepFromConfig wires test numbers by config", () => {
  let plivo: FakePlivo;
  beforeAll(async () => {
    plivo = await startFakePlivo({ authId: AUTH_ID, authToken: AUTH_TOKEN });
  });
  afterAll(async () => {
    await plivo.close();
  });
  const plivoEnv = () => ({
    SMS_PROVIDER: "plivo", PLIVO_AUTH_ID: AUTH_ID, PLIVO_AUTH_TOKEN: AUTH_TOKEN, PLIVO_PHONE_NUMBER: "+14155550100", PLIVO_API_URL: plivo.url,
  });

  it("enabled: a test number stays off Plivo and lands in the outbox", async () => {
    const core = await startCore({ ...plivoEnv(), SMS_TEST_NUMBERS: "enabled" });
    try {
      const before = plivo.requests.length;
      expect((await core.twostep.challenges.start({ ...who(), phone: "+1 201 555 0101" })).ok).toBe(true);
      expect(plivo.requests.length).toBe(before);
      expect(await latestOutboxCode(core.twostep.smsLog, "+12015550101")).toMatch(/^\d{6}$/);
      expect(core.twostep.sender.provider).toBe("plivo");
      expect(core.twostep.statusCallbacks).not.toBeNull();
    } finally {
      await core.stop();
    }
  });

  it("disabled: a test number is an ordinary number and goes to Plivo", async () => {
    const core = await startCore({ ...plivoEnv(), SMS_TEST_NUMBERS: "disabled" });
    try {
      const before = plivo.requests.length;
      expect((await core.twostep.challenges.start({ ...who(), phone: "+12015550190" })).ok).toBe(true);
      expect(plivo.requests.length).toBe(before + 1);
      expect(await core.twostep.smsLog.outbox({ to: "+12015550190" })).toEqual([]);
    } finally {
      await core.stop();
    }
  });

  it("with the outbox as sender there is no status callback to accept", async () => {
    const core = await startCore({ SMS_PROVIDER: "outbox" });
    try {
      expect(core.twostep.statusCallbacks).toBeNull();
    } finally {
      await core.stop();
    }
  });
});
