// Threat: folding a right code's follow-up writes into one statement (the SQL check itself,
// drizzle/0012; after a Redis check, twostep_record_right_code, drizzle/0013) loses what they were
// for: a sign-in from a new browser that the owner never hears of, a notice for an account's very
// first sign-in (every first sign-in is on a new browser), or an SMS-pumping guard whose "verified"
// count no longer moves, so it pauses a country whose codes are being used.
import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { createStoreCounters } from "@twostep/core/env";
import { startCore } from "../support/core-instance";
import { createFreshDatabase } from "../support/fresh-database";
import { randomIp, randomPhone } from "../support/fixtures";
import { startLoopbackSmtp } from "../support/loopback-smtp";
import { latestOutboxCode } from "../support/outbox-codes";
import { redisClusterAvailable, startRedisCluster } from "../support/redis-cluster";
import { postgresAvailable, redisAvailable, TEST_REDIS_URL } from "../support/services";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The PostgreSQL and Redis settings of a deployment, made for this test and removed after it. */
type Backend = {
  name: string;
  available(): Promise<boolean>;
  oneStepCheck: boolean;
  /** The SQL statements of a right code that records a new browser, its notice and the country's count. */
  rightCodeSql: string[];
  start(): Promise<Record<string, string>>;
};

const onPostgresWith = async (redis: Record<string, string>) => {
  const fresh = await createFreshDatabase();
  cleanups.push(fresh.drop);
  return { DATABASE_URL: fresh.url, REDIS_KEY_PREFIX: `twostep-test-${randomUUID()}`, ...redis };
};

const backends: Backend[] = [
  // The check is one SQL statement, the right code's writes in it.
  { name: "PGlite", available: async () => true, oneStepCheck: true, rightCodeSql: ["select twostep_check_code"], start: async () => ({}) },
  // The check is one Redis script; what it can't write follows in one SQL statement.
  {
    name: "PostgreSQL + Redis",
    available: async () => (await postgresAvailable()) && (await redisAvailable()),
    oneStepCheck: true,
    rightCodeSql: ["select twostep_record_right_code"],
    start: () => onPostgresWith({ REDIS_URL: TEST_REDIS_URL }),
  },
  // The check is in steps (its keys span slots); the right code's events follow in one SQL statement.
  {
    name: "PostgreSQL + Redis Cluster",
    available: async () => (await postgresAvailable()) && (await redisClusterAvailable()),
    oneStepCheck: false,
    rightCodeSql: ["select twostep_record_right_code"],
    async start() {
      const cluster = await startRedisCluster({ primaries: 3, replicasPerPrimary: 0 });
      cleanups.push(cluster.stop);
      return onPostgresWith({ REDIS_CLUSTER_NODES: cluster.nodes.map((n) => `${n.host}:${n.port}`).join(",") });
    },
  },
];

describe.each(backends)("a right SMS code and what it writes, in one statement ($name)", (backend) => {
  it("records a new browser only after the account's first sign-in, mails its owner, and counts the code for its country", { timeout: 300_000 }, async (context) => {
    if (!(await backend.available())) return context.skip();
    const stores = await backend.start();
    const smtp = await startLoopbackSmtp();
    cleanups.push(smtp.close);
    const counters = createStoreCounters();
    const core = await startCore({ ...stores, SMTP_URL: smtp.url, MAIL_FROM: "security@example.com", LOG_LEVEL: "silent" }, { counters });
    cleanups.push(() => core.stop());
    const { twostep } = core;
    // The one-step check is in use where the store has one (the notices' hook listens on every deployment).
    expect(twostep.twoFactor.checksReportDelivery).toBe(backend.oneStepCheck);

    const withTwoFactor = async (name: string) => {
      const email = `${name}-${Date.now()}@example.com`;
      const signedUp = await twostep.accounts.signUp({ email, password: "correct horse battery staple 42", ip: randomIp() });
      if (!signedUp.ok) throw new Error("sign-up failed");
      const userId = signedUp.user.id;
      const phone = randomPhone();
      await twostep.twoFactor.beginPhoneEnrollment({ userId, phone, ip: randomIp() });
      await twostep.twoFactor.confirmPhoneEnrollment({ userId, code: await latestOutboxCode(twostep.smsLog, phone) });
      const enabled = await twostep.twoFactor.enableTwoFactor({ userId });
      if (!enabled.ok || !enabled.backupCodes) throw new Error("2FA not enabled");
      return { email, userId, phone, backupCodes: enabled.backupCodes };
    };
    const signInBySms = async (account: { userId: string; phone: string }, newDevice?: { device: string | null }) => {
      const sent = await twostep.twoFactor.sendSignInCode({ userId: account.userId, ip: randomIp() });
      expect(sent, JSON.stringify(sent)).toMatchObject({ ok: true });
      const code = await latestOutboxCode(twostep.smsLog, account.phone);
      return twostep.twoFactor.completeSignIn({ userId: account.userId, code, ip: "203.0.113.77", newDevice });
    };
    const newBrowsers = async (userId: string) => (await twostep.audit.recentForUser(userId, 50)).filter((e) => e.type === "sign_in.new_device");
    const verifiedForUs = async () => (await twostep.pumping!.report()).countries.find((c) => c.callingCode === "1")?.conversion.verified ?? 0;
    const verifiedBefore = await verifiedForUs();

    // An account's first sign-in: its browser is new by definition, and that is no news.
    const first = await withTwoFactor("first");
    expect(await signInBySms(first, { device: "Safari on iOS" })).toMatchObject({ ok: true });
    expect(await newBrowsers(first.userId)).toEqual([]);

    // An account that signed in before (here with a backup code), now from a browser the host
    // doesn't know: recorded with the browser and where from, and its owner is mailed.
    const later = await withTwoFactor("later");
    expect(await twostep.twoFactor.completeSignInWithBackupCode({ userId: later.userId, code: later.backupCodes[0], ip: randomIp() })).toEqual({ ok: true });
    const sent = await twostep.twoFactor.sendSignInCode({ userId: later.userId, ip: randomIp() });
    expect(sent, JSON.stringify(sent)).toMatchObject({ ok: true });
    const code = await latestOutboxCode(twostep.smsLog, later.phone);
    await twostep.notices.idle();
    const operationsBefore = counters.statements + counters.redisCommands;
    expect(await twostep.twoFactor.completeSignIn({ userId: later.userId, code, ip: "203.0.113.77", newDevice: { device: "Firefox on macOS" } })).toMatchObject({ ok: true });
    // The code's check and everything it wrote in SQL (the new browser, its notice, the country's
    // count) took one statement; what else shows is work off the request: the Redis stream's mover,
    // the notice pump mailing the owner.
    const operations = counters.trail.slice(-(counters.statements + counters.redisCommands - operationsBefore));
    const offPath = /^(insert audit_events,jsonb_to_recordset$|(update|delete) security_notice_outbox\b|select users$)/;
    expect(operations.filter((op) => /^(select|insert|update|delete|with|begin)\b/.test(op) && !offPath.test(op))).toEqual(backend.rightCodeSql);
    expect(await newBrowsers(later.userId)).toMatchObject([{ ip: "203.0.113.77", detail: { device: "Firefox on macOS" } }]);
    await twostep.notices.idle();
    const newBrowserMail = (email: string) => smtp.received.filter((m) => m.to.includes(email) && /had not signed in before/i.test(m.text));
    expect(newBrowserMail(later.email)).toHaveLength(1);
    expect(newBrowserMail(later.email)[0]!.text).toMatch(/Firefox on macOS/);
    expect(newBrowserMail(first.email)).toHaveLength(0);

    // Each right sign-in code counted once for +1 (the enrollment codes count toward nothing).
    expect((await verifiedForUs()) - verifiedBefore).toBe(2);
  });
});
