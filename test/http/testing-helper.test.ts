// Behaviour: latestCode (src/testing/latest-code.ts), the helper for people's own e2e tests, reads
// the live code from a running app. In production with Plivo it works for test numbers only, and
// only with SMS_TEST_NUMBERS=enabled: their SMS never reach Plivo, and real numbers' codes are
// never readable.
import { randomBytes, randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChallengeService, createLogger } from "@twostep/core";
import { createCodeHasher } from "../../packages/core/src/code/hash-code";
import type { DatabaseHandle } from "@twostep/core/sql";
import { createSqlAuditLog, createSqlSmsLog, createSqlStateStore, openDatabase } from "@twostep/core/sql";
import { createOutboxSender } from "@twostep/core/outbox";
import { latestCode } from "@twostep/core/testing";
import { OUTBOX_TOKEN_HEADER, startAppServer, TEST_OUTBOX_TOKEN, type AppServer } from "../support/app-server";
import { startFakePlivo, type FakePlivo } from "../support/fake-plivo-server";
import { randomPhone } from "../support/fixtures";
import { HttpSession } from "../support/http-session";
import { seedUser } from "../support/seed-user";
import { postgresAvailable } from "../support/services";

const AUTH_ID = "MAFAKEAUTHID0000000";
const AUTH_TOKEN = "fake-auth-token-for-helper-tests";
const PASSWORD = "correct horse battery staple";

describe("latestCode against a production build with Plivo and SMS_TEST_NUMBERS=enabled", async () => {
  const run = await postgresAvailable();
  const codeHashKey = randomBytes(32).toString("base64url");
  let app: AppServer;
  let plivo: FakePlivo;
  let database: DatabaseHandle;

  beforeAll(async () => {
    if (!run) return;
    plivo = await startFakePlivo({ authId: AUTH_ID, authToken: AUTH_TOKEN });
    app = await startAppServer({
      CODE_HASH_KEY: codeHashKey,
      SMS_PROVIDER: "plivo",
      PLIVO_AUTH_ID: AUTH_ID,
      PLIVO_AUTH_TOKEN: AUTH_TOKEN,
      PLIVO_PHONE_NUMBER: "+14155550100",
      PLIVO_API_URL: plivo.url,
      SMS_TEST_NUMBERS: "enabled",
    }, { freshPostgres: true });
    database = await openDatabase({ url: app.databaseUrl!, maxConnections: 2 });
  });
  afterAll(async () => {
    if (!run) return;
    await database?.close();
    await app?.stop();
    await plivo?.close();
  });

  /** A user with 2FA on `phone`; signing in sends the first code, as the app does for real. */
  async function signInWithPhone(phone: string): Promise<string> {
    const email = `helper-${randomInt(1e9)}@example.com`;
    const user = await seedUser(app.databaseUrl!, { email, password: PASSWORD, phone, twoFactor: true });
    expect(await new HttpSession(app.url).signIn(email, PASSWORD)).toBe(true);
    return user.id;
  }

  /** Checks a code the way the app does, on the app's own database and key. */
  async function verify(userId: string, code: string) {
    const logger = createLogger({ level: "silent" });
    const service = createChallengeService({
      store: createSqlStateStore(database.db),
      sender: createOutboxSender({ logger }),
      smsLog: createSqlSmsLog(database.db),
      audit: createSqlAuditLog(database.db),
      hashCode: createCodeHasher(codeHashKey),
      logger,
      settings: { codeTtlMinutes: 5, allowedCountries: new Set(["US"]), globalSendsPerHour: 1000, appName: "twostep", originHost: "x" },
    });
    return service.verify({ userId, purpose: "sign_in", code });
  }

  it.runIf(run)("returns the live code for a test number, which never reached Plivo", async () => {
    const since = new Date();
    const before = plivo.requests.length;
    const userId = await signInWithPhone("+12015550100");
    const code = await latestCode({ baseUrl: app.url, outboxToken: TEST_OUTBOX_TOKEN, phone: "+1 201 555 0100", since });
    expect(code).toMatch(/^\d{6}$/);
    expect(plivo.requests.length).toBe(before);
    expect(await verify(userId, code)).toMatchObject({ ok: true, phoneE164: "+12015550100" });
  });

  it.runIf(run)("ignores codes sent before `since`, and says so when none comes in time", async () => {
    await signInWithPhone("+12015550101");
    expect(await latestCode({ baseUrl: app.url, outboxToken: TEST_OUTBOX_TOKEN, phone: "+12015550101" })).toMatch(/^\d{6}$/);
    const later = new Date(Date.now() + 1_000);
    await expect(latestCode({ baseUrl: app.url, outboxToken: TEST_OUTBOX_TOKEN, phone: "+12015550101", since: later, timeoutMs: 1_500 })).rejects.toThrow(/no code .* within 1500 ms/);
  });

  it.runIf(run)("waits for the late-delivery number (0192) and returns its code once delivered", async () => {
    const since = new Date();
    const userId = await signInWithPhone("+12015550192");
    const started = Date.now();
    const code = await latestCode({ baseUrl: app.url, outboxToken: TEST_OUTBOX_TOKEN, phone: "+12015550192", since, timeoutMs: 15_000 });
    expect(Date.now() - started).toBeGreaterThan(2_000);
    expect(await verify(userId, code)).toMatchObject({ ok: true });
  });

  it.runIf(run)("never finds a code for the never-delivered number (0190)", async () => {
    const since = new Date();
    await signInWithPhone("+12015550190");
    await expect(latestCode({ baseUrl: app.url, outboxToken: TEST_OUTBOX_TOKEN, phone: "+12015550190", since, timeoutMs: 3_000 })).rejects.toThrow(/no code/);
  });

  it.runIf(run)("a real number's SMS goes to Plivo and its code is not readable here", async () => {
    const phone = randomPhone();
    const before = plivo.requests.length;
    await signInWithPhone(phone);
    expect(plivo.requests.length).toBe(before + 1);
    expect((await fetch(`${app.url}/api/dev/outbox?to=${encodeURIComponent(phone)}`)).status).toBe(404);
    await expect(latestCode({ baseUrl: app.url, outboxToken: TEST_OUTBOX_TOKEN, phone, timeoutMs: 1_000 })).rejects.toThrow(/no outbox/);
    const all = (await (await fetch(`${app.url}/api/dev/outbox`, { headers: { [OUTBOX_TOKEN_HEADER]: TEST_OUTBOX_TOKEN } })).json()) as { messages: { to: string }[] };
    expect(all.messages.length).toBeGreaterThan(0);
    expect(all.messages.every((m) => /^\+120155501\d\d$/.test(m.to))).toBe(true);
  });
});

describe("latestCode against an app whose sender is the outbox (staging, SMS_PROVIDER=outbox)", async () => {
  const run = await postgresAvailable();
  let app: AppServer;
  beforeAll(async () => {
    if (!run) return;
    app = await startAppServer({ SMS_PROVIDER: "outbox" }, { freshPostgres: true });
  });
  afterAll(async () => {
    if (!run) return;
    await app?.stop();
  });

  it.runIf(run)("returns the code sent to any number", async () => {
    const email = `outbox-${randomInt(1e9)}@example.com`;
    const phone = randomPhone();
    await seedUser(app.databaseUrl!, { email, password: PASSWORD, phone, twoFactor: true });
    const since = new Date();
    expect(await new HttpSession(app.url).signIn(email, PASSWORD)).toBe(true);
    const code = await latestCode({ baseUrl: app.url, outboxToken: TEST_OUTBOX_TOKEN, phone, since });
    expect(code).toMatch(/^\d{6}$/);
    expect(code).toBe(await new HttpSession(app.url).latestCode(phone));
  });
});
