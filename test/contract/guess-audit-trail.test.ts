// Threat: folding the per-IP check window and the guess's audit event into the store's one atomic
// check (twostep_check_code) lets a guess slip through unrecorded or uncounted: a counted guess
// with no audit row (a crash between the two), a guess compared after the address's window is
// spent, or an audit row for a guess that was never counted. Held on every store, each on its one-step
// check: SQL in one statement, Redis in one script that appends the events to a stream a mover
// empties into the SQL audit log (a stream entry moved twice must still be one row).
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { VERIFIES_PER_IP_PER_15_MINUTES, type StateStore } from "@twostep/core";
import { createLogger } from "@twostep/core";
import { createSqlAuditImport, createSqlAuditLog, createSqlStateStore, openDatabase, type DatabaseHandle } from "@twostep/core/sql";
import { createAuditStreamMover, createRedisLimiterFactory, createRedisStateStore, openRedis, type AuditImport, type AuditStreamMover } from "@twostep/core/redis";
import type { Redis } from "ioredis";
import { createFreshDatabase } from "../support/fresh-database";
import { randomIp, randomPhone, randomUserId, serviceFor } from "../support/fixtures";
import { useAuditStreamRig } from "../support/audit-stream-rig";
import { postgresAvailable, redisAvailable, TEST_REDIS_URL } from "../support/services";

type Backend = {
  handle: DatabaseHandle;
  store: StateStore;
  oneStep: boolean;
  /** Lands what the store recorded elsewhere first (Redis: the audit stream) in the SQL audit log. */
  settle?: () => Promise<unknown>;
  redis?: { client: Redis; prefix: string; mover: AuditStreamMover };
  close(): Promise<void>;
};

const silent = createLogger({ level: "silent" });

const backends: [string, () => Promise<boolean>, () => Promise<Backend>][] = [
  ["PGlite", async () => true, async () => {
    const handle = await openDatabase({ pgliteMemory: true });
    return { handle, store: createSqlStateStore(handle.db, `t${randomUUID().slice(0, 8)}`), oneStep: true, close: handle.close };
  }],
  ["PostgreSQL", postgresAvailable, async () => {
    const fresh = await createFreshDatabase();
    const handle = await openDatabase({ url: fresh.url });
    return { handle, store: createSqlStateStore(handle.db), oneStep: true, close: async () => { await handle.close(); await fresh.drop(); } };
  }],
  ["Redis", redisAvailable, async () => {
    const handle = await openDatabase({ pgliteMemory: true });
    const redis: Redis = await openRedis(TEST_REDIS_URL);
    const prefix = `twostep-test-${randomUUID()}`;
    const mover = createAuditStreamMover({ redis, prefix, target: createSqlAuditImport(handle.db), logger: silent });
    return {
      handle,
      store: createRedisStateStore(redis, prefix, { auditTrail: mover }),
      oneStep: true,
      settle: () => mover.moveNow(),
      redis: { client: redis, prefix, mover },
      close: async () => {
        await mover.close();
        const keys = await redis.keys(`${prefix}:*`);
        if (keys.length > 0) await redis.del(...keys);
        redis.disconnect();
        await handle.close();
      },
    };
  }],
];

for (const [name, enabled, open] of backends) {
  describe(`every guess leaves one audit event, and only a counted one: ${name}`, async () => {
    const run = await enabled();
    let backend: Backend;
    beforeAll(async () => {
      if (run) backend = await open();
    });
    afterAll(async () => {
      if (run) await backend.close();
    });

    const setup = () => {
      const { service } = serviceFor(backend.store, backend.handle.db);
      const audit = createSqlAuditLog(backend.handle.db);
      const failedEvents = async (userId: string) => {
        await backend.settle?.();
        return (await audit.recentForUser(userId, 200)).filter((e) => e.type === "code.failed");
      };
      return { service, failedEvents };
    };

    it.runIf(run)("takes the one-step path", () => {
      expect(setup().service.checksReportDelivery).toBe(backend.oneStep);
    });

    it.runIf(run)("records each of 12 concurrent wrong guesses exactly once, and counts 5 of them against the code", async () => {
      const { service, failedEvents } = setup();
      const userId = randomUserId();
      expect((await service.start({ userId, purpose: "sign_in", phone: randomPhone() })).ok).toBe(true);
      const answers = await Promise.all(Array.from({ length: 12 }, () => service.verify({ userId, purpose: "sign_in", code: "000000", ip: randomIp() })));
      expect(answers.filter((a) => !a.ok && a.code === "INVALID_CODE")).toHaveLength(4);
      expect(answers.filter((a) => !a.ok && a.code === "TOO_MANY_ATTEMPTS")).toHaveLength(8);
      const events = await failedEvents(userId);
      expect(events).toHaveLength(12);
      expect(events.every((e) => e.ip !== null && (e.detail as { purpose?: string }).purpose === "sign_in")).toBe(true);
      expect(await service.status({ userId, purpose: "sign_in" })).toMatchObject({ attemptsLeft: 0 });
    });

    it.runIf(run)("refuses a guess once the address's window is spent, before it costs the code a try or leaves an event", async () => {
      const { service, failedEvents } = setup();
      const ip = randomIp();
      const spender = randomUserId();
      await service.start({ userId: spender, purpose: "sign_in", phone: randomPhone() });
      for (let i = 0; i < VERIFIES_PER_IP_PER_15_MINUTES; i++) await service.verify({ userId: spender, purpose: "sign_in", code: "000000", ip });
      const victim = randomUserId();
      await service.start({ userId: victim, purpose: "sign_in", phone: randomPhone() });
      const refused = await service.verify({ userId: victim, purpose: "sign_in", code: "000000", ip });
      expect(refused).toMatchObject({ ok: false, code: "RATE_LIMITED" });
      expect(await service.status({ userId: victim, purpose: "sign_in" })).toMatchObject({ attemptsLeft: 5 });
      expect(await failedEvents(victim)).toHaveLength(0);
      expect(await failedEvents(spender)).toHaveLength(VERIFIES_PER_IP_PER_15_MINUTES);
    });

    // SQL only: the guess and its row commit in one transaction. On Redis the entry is written with
    // the guess and lands in SQL later (the audit stream cases below).
    if (name !== "Redis") it.runIf(run)("counts no guess whose audit event could not be written (they commit together)", async () => {
      const { service, failedEvents } = setup();
      const userId = randomUserId();
      await service.start({ userId, purpose: "sign_in", phone: randomPhone() });
      const { db } = backend.handle;
      // A failing audit insert, as a crash between the two writes would leave it: nothing may commit.
      await db.execute(sql`ALTER TABLE audit_events ADD CONSTRAINT no_guess_events CHECK (type <> 'code.failed') NOT VALID`);
      try {
        expect(await service.verify({ userId, purpose: "sign_in", code: "000000", ip: randomIp() })).toMatchObject({ ok: false, code: "UNAVAILABLE" });
      } finally {
        await db.execute(sql`ALTER TABLE audit_events DROP CONSTRAINT no_guess_events`);
      }
      expect(await service.status({ userId, purpose: "sign_in" })).toMatchObject({ attemptsLeft: 5 });
      expect(await failedEvents(userId)).toHaveLength(0);
    });
  });
}

describe("every guess leaves one audit event, and only a counted one: Redis's audit stream", async () => {
  const run = await redisAvailable();
  const rig = useAuditStreamRig(run);

  /** A server's Redis store with its own mover into `target` (the SQL audit log unless a test says). */
  const server = (target: AuditImport = createSqlAuditImport(rig.db)) => {
    const mover = createAuditStreamMover({ redis: rig.redis, prefix: rig.prefix, target, logger: silent });
    rig.track(mover);
    const { service } = serviceFor(createRedisStateStore(rig.redis, rig.prefix, { auditTrail: mover }), rig.db);
    return { service, mover };
  };
  const failedEvents = async (userId: string) =>
    (await createSqlAuditLog(rig.db).recentForUser(userId, 200)).filter((e) => e.type === "code.failed");
  const waitingFor = async (userId: string) =>
    (await rig.redis.xrange(`${rig.prefix}:audit_stream`, "-", "+")).filter(([, fields]) => fields.includes(userId)).length;

  it.runIf(run)("counts a guess while SQL refuses its event, keeps the event in the stream, and lands it once when SQL is back", async () => {
    const { service, mover } = server();
    const userId = randomUserId();
    await service.start({ userId, purpose: "sign_in", phone: randomPhone() });
    await rig.db.execute(sql`ALTER TABLE audit_events ADD CONSTRAINT no_guess_events CHECK (type <> 'code.failed') NOT VALID`);
    try {
      expect(await service.verify({ userId, purpose: "sign_in", code: "000000", ip: randomIp() })).toMatchObject({ ok: false, code: "INVALID_CODE", attemptsLeft: 4 });
      await expect(mover.moveNow()).rejects.toThrow();
      expect(await waitingFor(userId)).toBe(1);
      expect(await failedEvents(userId)).toHaveLength(0);
    } finally {
      await rig.db.execute(sql`ALTER TABLE audit_events DROP CONSTRAINT no_guess_events`);
    }
    await mover.moveNow();
    await mover.moveNow();
    expect(await waitingFor(userId)).toBe(0);
    expect(await failedEvents(userId)).toHaveLength(1);
    expect(await service.status({ userId, purpose: "sign_in" })).toMatchObject({ attemptsLeft: 4 });
  });

  it.runIf(run)("a new server moves what a server killed between the SQL insert and XDEL left, without a duplicate", async () => {
    const sqlLog = createSqlAuditImport(rig.db);
    // The first server writes the rows, then dies before it can delete the entries.
    const killed = server({ ...sqlLog, insertOnce: async (rows) => { await sqlLog.insertOnce(rows); throw new Error("killed before XDEL"); } });
    const userId = randomUserId();
    await killed.service.start({ userId, purpose: "sign_in", phone: randomPhone() });
    for (let i = 0; i < 3; i++) await killed.service.verify({ userId, purpose: "sign_in", code: "000000", ip: randomIp() });
    await expect(killed.mover.moveNow()).rejects.toThrow("killed before XDEL");
    await killed.mover.close();
    expect(await waitingFor(userId)).toBe(3);
    expect(await failedEvents(userId)).toHaveLength(3);

    // The new server's mover starts with a move: nothing to call.
    server();
    await vi.waitFor(async () => expect(await waitingFor(userId)).toBe(0), { timeout: 3_000, interval: 50 });
    expect(await failedEvents(userId)).toHaveLength(3);
  });

  it.runIf(run)("refuses a guess once the address's window is spent through the limiter (one window, whichever path counts)", async () => {
    const { service } = server();
    const ip = randomIp();
    const window = createRedisLimiterFactory(rig.redis, rig.prefix)({ name: "verify:ip", points: VERIFIES_PER_IP_PER_15_MINUTES, durationSeconds: 15 * 60 });
    for (let i = 0; i < VERIFIES_PER_IP_PER_15_MINUTES; i++) expect((await window.consume(ip)).allowed).toBe(true);
    const userId = randomUserId();
    await service.start({ userId, purpose: "sign_in", phone: randomPhone() });
    expect(await service.verify({ userId, purpose: "sign_in", code: "000000", ip })).toMatchObject({ ok: false, code: "RATE_LIMITED" });
    expect(await service.status({ userId, purpose: "sign_in" })).toMatchObject({ attemptsLeft: 5 });
    expect(await window.retryAfterSeconds(ip)).toBeGreaterThan(0);
  });

  it.runIf(run)("a window a guess opens is the limiter's window: the guess counts there, and the window ends on time", async () => {
    const { service } = server();
    const ip = randomIp();
    const userId = randomUserId();
    await service.start({ userId, purpose: "sign_in", phone: randomPhone() });
    // The check script opens this address's window itself (in one SET … NX, not the limiter's steps).
    expect(await service.verify({ userId, purpose: "sign_in", code: "000000", ip })).toMatchObject({ ok: false, code: "INVALID_CODE" });
    const window = createRedisLimiterFactory(rig.redis, rig.prefix)({ name: "verify:ip", points: VERIFIES_PER_IP_PER_15_MINUTES, durationSeconds: 15 * 60 });
    for (let i = 1; i < VERIFIES_PER_IP_PER_15_MINUTES; i++) expect((await window.consume(ip)).allowed).toBe(true);
    expect((await window.consume(ip)).allowed).toBe(false);
    const retryAfter = await window.retryAfterSeconds(ip);
    expect(retryAfter).toBeGreaterThan(15 * 60 - 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
  });
});
