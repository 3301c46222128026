// Threat: one account blocks a country's SMS codes for an hour with requests that are all refused.
// The shared SMS budgets (per calling code per hour, per day) must be spent only by codes that go
// out: a burst of concurrent requests refused by the caller's own windows (cooldown, per IP, per
// account, per number) must not touch them, and a take the budget itself refuses must leave
// nothing behind (rate-limiter-flexible keeps the point of a refused consume), or refunds never
// free the budget again. Checked on the SQL limiters (PGlite, PostgreSQL) and on Redis.
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createTwoStepFromConfig, loadConfig, type TwoStep } from "@twostep/core/env";
import { createLogger } from "@twostep/core";
import { createSqlLimiterFactory } from "@twostep/core/sql";
import { createRedisLimiterFactory } from "@twostep/core/redis";
import { createSendBudgets } from "../../packages/core/src/pumping/send-budgets";
import { createFreshDatabase } from "../support/fresh-database";
import { randomIp, randomPhone, randomUserId } from "../support/fixtures";
import { freshPgliteDataDir } from "../support/pglite-template";
import { postgresAvailable, redisAvailable, TEST_REDIS_URL } from "../support/services";

const BUDGET = 10;
const BURST = 60;
const SLOW = 120_000;
const silent = createLogger({ level: "silent" });
const env = (dataDir: string) => ({
  NODE_ENV: "test",
  DATA_DIR: dataDir,
  SMS_PROVIDER: "outbox",
  SMS_ALLOWED_COUNTRIES: "US",
  SMS_COUNTRY_HOURLY_BUDGET: String(BUDGET),
  // Nothing here is about conversion: no pause may end the test early.
  SMS_PUMPING_MIN_SENDS: "100000",
});

type Opened = { t: TwoStep; limiterKind: "sql" | "redis"; close(): Promise<void> };
type Backend = { name: string; enabled(): Promise<boolean>; open(): Promise<Opened> };

async function openServer(redis: boolean): Promise<Opened> {
  const fresh = await createFreshDatabase();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "twostep-refused-"));
  const redisKeyPrefix = `twostep-test-${randomUUID()}`;
  const config = loadConfig({ ...env(dataDir), DATABASE_URL: fresh.url, ...(redis ? { REDIS_URL: TEST_REDIS_URL } : {}) });
  const t = await createTwoStepFromConfig(config, { logger: silent, redisKeyPrefix });
  return {
    t,
    limiterKind: redis ? "redis" : "sql",
    async close() {
      const keys = (await t.redis?.keys(`${redisKeyPrefix}:*`)) ?? [];
      if (keys.length > 0) await t.redis?.del(...keys);
      await t.close();
      await fresh.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const BACKENDS: Backend[] = [
  {
    name: "PGlite, budgets in SQL",
    enabled: async () => true,
    async open() {
      const dataDir = await freshPgliteDataDir();
      const t = await createTwoStepFromConfig(loadConfig(env(dataDir)), { logger: silent });
      return {
        t,
        limiterKind: "sql",
        async close() {
          await t.close();
          rmSync(dataDir, { recursive: true, force: true });
        },
      };
    },
  },
  { name: "PostgreSQL, budgets in SQL", enabled: postgresAvailable, open: () => openServer(false) },
  { name: "PostgreSQL + Redis, budgets in Redis", enabled: async () => (await postgresAvailable()) && (await redisAvailable()), open: () => openServer(true) },
];

const plusOneHourly = async (t: TwoStep) => (await t.pumping.report({ regions: ["US"] })).countries.find((c) => c.callingCode === "1")!.hourlyBudget;

for (const backend of BACKENDS) {
  describe(`refused SMS requests leave the shared budgets alone (${backend.name})`, async () => {
    const run = await backend.enabled();

    it.runIf(run)("a burst one account's own windows refuse spends none of the country's budget, during or after it", async () => {
      const { t, close } = await backend.open();
      try {
        const attacker = randomUserId();
        const number = randomPhone();
        const ip = randomIp();
        expect((await t.challenges.start({ userId: attacker, purpose: "enroll_phone", phone: number, ip })).ok).toBe(true);
        expect((await plusOneHourly(t)).used).toBe(1);

        // The burst, all at once from one account to one number; strangers ask for codes in the middle of it.
        const burst = Array.from({ length: BURST }, () => t.challenges.start({ userId: attacker, purpose: "enroll_phone", phone: number, ip }));
        const strangers = Array.from({ length: 3 }, () =>
          t.challenges.start({ userId: randomUserId(), purpose: "sign_in", phone: randomPhone(), ip: randomIp() }),
        );
        const refused = await Promise.all(burst);
        for (const answer of refused) expect(answer).toMatchObject({ ok: false, code: "RATE_LIMITED" });
        // The cooldown refused them, not the budget: it says to come back within a minute.
        for (const answer of refused) expect((answer as { retryAfterSeconds: number }).retryAfterSeconds).toBeLessThanOrEqual(60);
        for (const answer of await Promise.all(strangers)) expect(answer.ok).toBe(true);

        // Only the codes that went out are spent: the first one and the strangers' three.
        expect((await plusOneHourly(t)).used).toBe(4);
        const after = await t.challenges.start({ userId: randomUserId(), purpose: "sign_in", phone: randomPhone(), ip: randomIp() });
        expect(after.ok).toBe(true);
        expect((await plusOneHourly(t)).used).toBe(5);
      } finally {
        await close();
      }
    }, SLOW);

    it.runIf(run)("takes the budget refuses leave nothing behind: a point given back is there to take", async () => {
      const { t, limiterKind, close } = await backend.open();
      try {
        const keyPrefix = `twostep-test-${randomUUID()}`;
        const limiter = limiterKind === "redis" ? createRedisLimiterFactory(t.redis!, keyPrefix) : createSqlLimiterFactory(t.db, { keyPrefix, tables: t.tables });
        const budgets = createSendBudgets(limiter, t.config.smsPumping);
        for (let i = 0; i < BUDGET; i++) expect(await budgets.take("1")).toEqual({ allowed: true });
        const refused = await Promise.all(Array.from({ length: BURST }, () => budgets.take("1")));
        for (const answer of refused) expect(answer).toMatchObject({ allowed: false, budget: "country_hourly" });
        expect(await budgets.country("1")).toMatchObject({ used: BUDGET, left: 0 });
        // A send that then failed gives its point back: the next code may go.
        await budgets.giveBack("1");
        expect(await budgets.country("1")).toMatchObject({ used: BUDGET - 1, left: 1 });
        expect(await budgets.take("1")).toEqual({ allowed: true });
        expect(await budgets.take("1")).toMatchObject({ allowed: false });
        if (limiterKind === "redis") {
          const keys = await t.redis!.keys(`${keyPrefix}:*`);
          if (keys.length > 0) await t.redis!.del(...keys);
        }
      } finally {
        await close();
      }
    }, SLOW);
  });
}
