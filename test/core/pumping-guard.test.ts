// Threat: SMS pumping (toll fraud). Someone drives our send-code form to text numbers they are paid
// for, premium-rate numbers or floods to ordinary mobiles in a few costly countries, and never
// types a code in. We must refuse numbers that can't receive SMS, cap spend per country calling
// code per hour and overall per day, and pause a country whose codes stop being verified, across
// every app instance, saying why, until the cool-off ends or an operator lifts the pause.
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { ConfigError, createTwoStepFromConfig, loadConfig, type TwoStep } from "@twostep/core/env";
import { auditEvents, smsCountryPauses } from "../../packages/core/src/adapters/sql/schema";
import { canReceiveSms, normalizePhone } from "@twostep/core";
import { createFreshDatabase } from "../support/fresh-database";
import { randomIp, randomPhone, randomUserId, testClock } from "../support/fixtures";
import { captureLogs } from "../support/log-capture";
import { randomMobile } from "../support/mobiles";
import { freshPgliteDataDir } from "../support/pglite-template";
import { latestOutboxCode } from "../support/outbox-codes";
import { postgresAvailable, redisAvailable, TEST_REDIS_URL } from "../support/services";

const MINUTE_MS = 60_000;

/** One or two app instances over the same stores, a clock they share, and what they logged. */
type Cores = { one: TwoStep; two: TwoStep; clock: ReturnType<typeof testClock>; logs: ReturnType<typeof captureLogs>; close(): Promise<void> };
type Backend = { name: string; enabled(): Promise<boolean>; open(env: Record<string, string>): Promise<Cores> };

const baseEnv = (dataDir: string) => ({ NODE_ENV: "test", DATA_DIR: dataDir, SMS_PROVIDER: "outbox", SMS_ALLOWED_COUNTRIES: "US,GB,FR" });

async function openShared(env: Record<string, string>, redisUrl: string | null): Promise<Cores> {
  const fresh = await createFreshDatabase();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "twostep-pumping-"));
  const clock = testClock();
  const logs = captureLogs("info");
  const redisKeyPrefix = `twostep-test-${randomUUID()}`;
  const config = loadConfig({ ...baseEnv(dataDir), DATABASE_URL: fresh.url, ...(redisUrl ? { REDIS_URL: redisUrl } : {}), ...env });
  const one = await createTwoStepFromConfig(config, { now: clock.now, logger: logs.logger, redisKeyPrefix });
  const two = await createTwoStepFromConfig(config, { now: clock.now, logger: logs.logger, redisKeyPrefix });
  return {
    one,
    two,
    clock,
    logs,
    async close() {
      const keys = (await one.redis?.keys(`${redisKeyPrefix}:*`)) ?? [];
      if (keys.length > 0) await one.redis?.del(...keys);
      await Promise.all([one.close(), two.close()]);
      await fresh.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const BACKENDS: Backend[] = [
  {
    name: "PGlite (embedded default)",
    enabled: async () => true,
    async open(env) {
      const dataDir = await freshPgliteDataDir();
      const clock = testClock();
      const logs = captureLogs("info");
      const one = await createTwoStepFromConfig(loadConfig({ ...baseEnv(dataDir), ...env }), { now: clock.now, logger: logs.logger });
      return {
        one,
        two: one,
        clock,
        logs,
        async close() {
          await one.close();
          rmSync(dataDir, { recursive: true, force: true });
        },
      };
    },
  },
  { name: "PostgreSQL, two instances, budgets in SQL", enabled: postgresAvailable, open: (env) => openShared(env, null) },
  {
    name: "PostgreSQL + Redis, two instances, budgets in Redis",
    enabled: async () => (await postgresAvailable()) && (await redisAvailable()),
    open: (env) => openShared(env, TEST_REDIS_URL),
  },
];

/** A send from a new user and IP, so only the guard's limits can refuse it. */
async function send(twostep: TwoStep, phone: string) {
  const actor = { userId: randomUserId(), purpose: "sign_in" as const, ip: randomIp() };
  return { actor, phone, result: await twostep.challenges.start({ ...actor, phone }) };
}

async function verify(twostep: TwoStep, sent: Awaited<ReturnType<typeof send>>) {
  const code = await latestOutboxCode(twostep.smsLog, sent.phone);
  return twostep.challenges.verify({ ...sent.actor, code });
}

const auditOf = (twostep: TwoStep, type: "sms.country_paused" | "sms.country_resumed") =>
  twostep.db.select().from(auditEvents).where(eq(auditEvents.type, type));

const errorLines = (logs: Cores["logs"]) =>
  logs.lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((entry) => Number(entry.level) >= 50);

/** Sends `count` codes to new mobiles of `region`, alternating instances, and verifies none. */
async function sendUnverified(cores: Cores, region: "FR" | "GB", count: number) {
  const phones: string[] = [];
  for (let i = 0; i < count; i++) {
    const phone = randomMobile(region);
    phones.push(phone);
    expect((await send(i % 2 === 0 ? cores.one : cores.two, phone)).result).toMatchObject({ ok: true });
  }
  return phones;
}

// A refused send says when to try again (the rest of the pause).
const PAUSED = { ok: false, code: "COUNTRY_PAUSED", retryAfterSeconds: expect.any(Number) };

for (const backend of BACKENDS) {
  describe(`SMS-pumping guard: ${backend.name}`, async () => {
    const run = await backend.enabled();

    async function withCores(env: Record<string, string>, test: (cores: Cores) => Promise<void>) {
      const cores = await backend.open(env);
      try {
        await test(cores);
      } finally {
        await cores.close();
      }
    }

    it.runIf(run)("pauses a country whose codes nobody verifies, once, saying why; other countries still get codes", async () => {
      await withCores({ SMS_PUMPING_MIN_SENDS: "6", SMS_PUMPING_MIN_CONVERSION_PERCENT: "20" }, async (cores) => {
        const phones = await sendUnverified(cores, "FR", 5);
        // The sends that cross the minimum arrive together on both instances: one pause, one alarm.
        const racing = [randomMobile("FR"), randomMobile("FR"), randomMobile("FR")];
        phones.push(...racing);
        const raced = await Promise.all(racing.map((phone, i) => send(i % 2 ? cores.two : cores.one, phone)));
        expect(raced.filter((r) => r.result.ok).length).toBeGreaterThanOrEqual(1);
        for (const r of raced) expect(r.result.ok || r.result.code === "COUNTRY_PAUSED").toBe(true);

        const late = randomMobile("FR");
        expect((await send(cores.one, late)).result).toEqual(PAUSED);
        expect((await send(cores.two, randomMobile("FR"))).result).toEqual(PAUSED);
        expect(await cores.one.smsLog.outbox({ to: late })).toEqual([]);
        expect((await send(cores.two, randomMobile("GB"))).result).toMatchObject({ ok: true });
        expect((await send(cores.one, randomPhone())).result).toMatchObject({ ok: true });

        const events = await auditOf(cores.one, "sms.country_paused");
        expect(events).toHaveLength(1);
        expect(events[0]?.detail).toMatchObject({ callingCode: "33", verified: 0, conversionPercent: 0 });
        expect(Number(events[0]?.detail.sent)).toBeGreaterThanOrEqual(6);

        const alarms = errorLines(cores.logs);
        expect(alarms).toHaveLength(1);
        expect(alarms[0]).toMatchObject({ callingCode: "33", verified: 0, conversionPercent: 0, windowMinutes: 60 });
        expect(String(alarms[0]?.msg)).toMatch(/SMS to \+33 paused .*below 20%/);
        // Why, but never who: no number (or its national part) is in what was logged or audited.
        const said = cores.logs.text() + JSON.stringify(events);
        for (const phone of [...phones, late]) expect(said).not.toContain(phone.slice(3));

        const [pause] = await cores.two.pumping.pausedCountries();
        expect(pause).toMatchObject({ callingCode: "33", verified: 0, liftedAt: null });
        expect(pause?.reason).toMatch(/^conversion 0% \(0 of \d+ codes verified in the last 60 min\) is below 20%/);
      });
    });

    it.runIf(run)("keeps sending while codes are verified, however many are sent", async () => {
      await withCores({ SMS_PUMPING_MIN_SENDS: "4", SMS_PUMPING_MIN_CONVERSION_PERCENT: "30" }, async (cores) => {
        for (let i = 0; i < 12; i++) {
          const instance = i % 2 ? cores.two : cores.one;
          const sent = await send(instance, randomMobile("GB"));
          expect(sent.result).toMatchObject({ ok: true });
          // Half are typed in, on the other instance: 50% conversion.
          if (i % 2 === 0) expect(await verify(i % 2 ? cores.one : cores.two, sent)).toMatchObject({ ok: true });
        }
        const report = await cores.one.pumping.report({ regions: ["GB"] });
        expect(report.countries.find((c) => c.callingCode === "44")).toMatchObject({
          regions: ["GB"],
          conversion: { sent: 12, verified: 6, percent: 50, judged: true },
          pause: null,
        });
        expect(await cores.one.pumping.pausedCountries()).toEqual([]);
        expect(await auditOf(cores.one, "sms.country_paused")).toEqual([]);
        expect(errorLines(cores.logs)).toEqual([]);
      });
    });

    it.runIf(run)("refuses sends past a country's hourly budget (with per-code overrides); refused requests cost nothing", async () => {
      await withCores(
        { SMS_COUNTRY_HOURLY_BUDGET: "3", SMS_COUNTRY_HOURLY_BUDGETS: "33:5", SMS_PUMPING_MIN_SENDS: "1000" },
        async (cores) => {
          // A request the per-user cooldown refuses must not spend the country's budget.
          const first = await send(cores.one, randomPhone());
          expect(first.result).toMatchObject({ ok: true });
          expect(await cores.two.challenges.start({ ...first.actor, phone: first.phone })).toMatchObject({ code: "RATE_LIMITED" });
          expect((await send(cores.two, randomPhone())).result).toMatchObject({ ok: true });
          expect((await send(cores.one, randomPhone())).result).toMatchObject({ ok: true });
          const refused = (await send(cores.two, randomPhone())).result;
          expect(refused).toMatchObject({ ok: false, code: "RATE_LIMITED" });
          const wait = refused.ok ? 0 : (refused as { retryAfterSeconds: number }).retryAfterSeconds;
          expect(wait).toBeGreaterThan(0);
          expect(wait).toBeLessThanOrEqual(3600);

          await sendUnverified(cores, "FR", 5);
          expect((await send(cores.one, randomMobile("FR"))).result).toMatchObject({ ok: false, code: "RATE_LIMITED" });
          expect((await send(cores.two, randomMobile("GB"))).result).toMatchObject({ ok: true });

          const report = await cores.two.pumping.report({ regions: ["US", "GB", "FR"] });
          const budgetOf = (code: string) => report.countries.find((c) => c.callingCode === code)?.hourlyBudget;
          expect(budgetOf("1")).toMatchObject({ budget: 3, used: 3, left: 0 });
          expect(budgetOf("33")).toMatchObject({ budget: 5, used: 5, left: 0 });
          expect(budgetOf("44")).toMatchObject({ budget: 3, used: 1, left: 2 });
          expect(report.globalDaily).toMatchObject({ budget: 5000, used: 9, left: 4991 });
          expect(cores.logs.text()).toMatch(/"callingCode":"33","budget":"country_hourly".*SMS budget spent/);
        },
      );
    });

    it.runIf(run)("refuses sends to every country past the global daily budget", async () => {
      await withCores({ SMS_GLOBAL_DAILY_BUDGET: "4", SMS_PUMPING_MIN_SENDS: "1000" }, async (cores) => {
        for (const phone of [randomPhone(), randomPhone(), randomMobile("GB"), randomMobile("FR")]) {
          expect((await send(cores.one, phone)).result).toMatchObject({ ok: true });
        }
        const refused = (await send(cores.two, randomMobile("GB"))).result;
        expect(refused).toMatchObject({ ok: false, code: "RATE_LIMITED" });
        // A daily window: the wait is longer than an hour, at most a day.
        const wait = (refused as { retryAfterSeconds: number }).retryAfterSeconds;
        expect(wait).toBeGreaterThan(3600);
        expect(wait).toBeLessThanOrEqual(86_400);
        expect((await cores.one.pumping.report()).globalDaily).toMatchObject({ budget: 4, used: 4, left: 0 });
      });
    });

    it.runIf(run)("lets a country send again when the cool-off ends, judging only what came after", async () => {
      await withCores({ SMS_PUMPING_MIN_SENDS: "4", SMS_PUMPING_PAUSE_MINUTES: "30" }, async (cores) => {
        await sendUnverified(cores, "FR", 4);
        expect((await send(cores.two, randomMobile("FR"))).result).toEqual(PAUSED);
        cores.clock.advance(29 * MINUTE_MS);
        expect((await send(cores.one, randomMobile("FR"))).result).toEqual(PAUSED);
        cores.clock.advance(2 * MINUTE_MS);
        // The four unverified sends are still inside the 60-minute window, but they came before
        // the pause: three more don't reach the minimum of four, so no new pause.
        await sendUnverified(cores, "FR", 3);
        expect(await cores.one.pumping.pausedCountries()).toEqual([]);
        const france = (await cores.one.pumping.report()).countries.find((c) => c.callingCode === "33");
        expect(france).toMatchObject({ conversion: { sent: 3, verified: 0, judged: false }, pause: null });
        // A fourth does: the attack resumed, so the country is paused again.
        await sendUnverified(cores, "FR", 1);
        expect((await send(cores.two, randomMobile("FR"))).result).toEqual(PAUSED);
        expect(await auditOf(cores.one, "sms.country_paused")).toHaveLength(2);
      });
    });

    it.runIf(run)("lifts a pause on an operator's resume, on every instance, and audits it", async () => {
      await withCores({ SMS_PUMPING_MIN_SENDS: "4" }, async (cores) => {
        await sendUnverified(cores, "FR", 4);
        expect((await send(cores.two, randomMobile("FR"))).result).toEqual(PAUSED);

        expect(await cores.one.pumping.resume("44", "test")).toEqual({ resumed: false });
        expect(await cores.one.pumping.resume("33", "test operator")).toMatchObject({ resumed: true, pause: { callingCode: "33" } });
        expect(await cores.one.pumping.resume("33", "test operator")).toEqual({ resumed: false });

        // Lifted in the database, so the other instance sends at once; the sends from before the
        // pause don't trip it again.
        await sendUnverified(cores, "FR", 3);
        const [row] = await cores.one.db.select().from(smsCountryPauses).where(eq(smsCountryPauses.callingCode, "33"));
        expect(row?.liftedAt).toBeInstanceOf(Date);
        expect(row!.pausedUntil.getTime()).toBeLessThanOrEqual(cores.clock.now());
        const [event] = await auditOf(cores.two, "sms.country_resumed");
        expect(event?.detail).toMatchObject({ callingCode: "33", by: "test operator", reason: expect.stringMatching(/^conversion 0%/) });
      });
    });
  });
}

describe("SMS-pumping guard: numbers that can't receive SMS", () => {
  // Premium-rate and shared-cost numbers earn their owner money per message; VoIP, toll-free and
  // landlines don't reliably take SMS. None is sent to, and none reaches the guard's budgets.
  const refused = {
    "US premium-rate": "+19005551234",
    "GB premium-rate": "+449012345678",
    "FR premium-rate": "+33891123456",
    "FR shared-cost": "+33884012345",
    "GB VoIP": "+445612345678",
    "FR VoIP": "+33939876543",
    "US toll-free": "+18005551234",
    "FR landline": "+33123456789",
  };

  it.each(Object.entries(refused))("refuses a %s number", (_kind, number) => {
    const parsed = normalizePhone(number);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(canReceiveSms(parsed.phone)).toBe(false);
  });

  it("refuses a number whose type libphonenumber does not know", () => {
    expect(canReceiveSms({ e164: "+14155550123", country: "US", callingCode: "1", type: undefined })).toBe(false);
    expect(canReceiveSms({ e164: "+14155550123", country: "US", callingCode: "1", type: "UNKNOWN" })).toBe(false);
  });

  // What each kind is told (phone-entry.test.ts has the messages): a landline and the paid kinds by name.
  const refusal: Record<string, string> = {
    "US premium-rate": "PHONE_IS_SERVICE_NUMBER",
    "GB premium-rate": "PHONE_IS_SERVICE_NUMBER",
    "FR premium-rate": "PHONE_IS_SERVICE_NUMBER",
    "FR shared-cost": "PHONE_IS_SERVICE_NUMBER",
    "GB VoIP": "INVALID_PHONE",
    "FR VoIP": "INVALID_PHONE",
    "US toll-free": "PHONE_IS_SERVICE_NUMBER",
    "FR landline": "PHONE_IS_LANDLINE",
  };

  it("refuses a send to any of them with a code that says why, sending nothing and spending no budget", async () => {
    const cores = await BACKENDS[0]!.open({});
    try {
      for (const [kind, number] of Object.entries(refused)) {
        expect((await send(cores.one, number)).result).toEqual({ ok: false, code: refusal[kind] });
        expect(await cores.one.smsLog.outbox({ to: number })).toEqual([]);
      }
      const report = await cores.one.pumping.report({ regions: ["US", "GB", "FR"] });
      expect(report.globalDaily.used).toBe(0);
      for (const country of report.countries) expect(country.hourlyBudget.used).toBe(0);
    } finally {
      await cores.close();
    }
  });
});

describe("SMS-pumping guard: configuration", () => {
  const problemsOf = (env: Record<string, string>) => {
    try {
      loadConfig({ NODE_ENV: "test", DATA_DIR: os.tmpdir(), ...env });
      return "";
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as ConfigError).problems.join("\n");
    }
  };

  it("has safe defaults", () => {
    expect(loadConfig({ NODE_ENV: "test", DATA_DIR: os.tmpdir() }).smsPumping).toEqual({
      countryHourlyBudget: 100,
      countryHourlyBudgets: new Map(),
      globalDailyBudget: 5000,
      enrollmentBudgetPercent: 20,
      windowMinutes: 60,
      minSends: 30,
      minConversionPercent: 20,
      pauseMinutes: 60,
    });
  });

  it("reads per-code budgets", () => {
    const config = loadConfig({ NODE_ENV: "test", DATA_DIR: os.tmpdir(), SMS_COUNTRY_HOURLY_BUDGETS: " 1:500, +44:200 " });
    expect(config.smsPumping.countryHourlyBudgets).toEqual(new Map([["1", 500], ["44", 200]]));
  });

  it.each([
    [{ SMS_COUNTRY_HOURLY_BUDGETS: "1=500" }, /^SMS_COUNTRY_HOURLY_BUDGETS.*callingCode:budget/m],
    [{ SMS_COUNTRY_HOURLY_BUDGETS: "1:0" }, /^SMS_COUNTRY_HOURLY_BUDGETS/m],
    [{ SMS_COUNTRY_HOURLY_BUDGETS: "999:10" }, /^SMS_COUNTRY_HOURLY_BUDGETS: 999 is not a country calling code/m],
    [{ SMS_COUNTRY_HOURLY_BUDGETS: "44:10,44:20" }, /^SMS_COUNTRY_HOURLY_BUDGETS: calling code 44 is listed twice/m],
    [{ SMS_COUNTRY_HOURLY_BUDGET: "0" }, /^SMS_COUNTRY_HOURLY_BUDGET:/m],
    [{ SMS_GLOBAL_DAILY_BUDGET: "lots" }, /^SMS_GLOBAL_DAILY_BUDGET:/m],
    [{ SMS_PUMPING_MIN_CONVERSION_PERCENT: "120" }, /^SMS_PUMPING_MIN_CONVERSION_PERCENT:/m],
    [{ SMS_PUMPING_WINDOW_MINUTES: "2000" }, /^SMS_PUMPING_WINDOW_MINUTES:/m],
    [{ SMS_PUMPING_PAUSE_MINUTES: "1.5" }, /^SMS_PUMPING_PAUSE_MINUTES:/m],
  ])("stops start-up on %o, naming the variable", (env, problem) => {
    expect(problemsOf(env)).toMatch(problem);
  });
});
