// Behaviour: every app instance on one Redis server runs a mover over the one audit stream. Were
// each to move every entry, N instances would read, insert (and skip as a conflict) and delete
// each guess's row N times, multiplying the audit log's write load by the number of instances.
// One instance at a time holds the stream for a kicked move; another one's kick reads nothing
// while it does, and the row lands once.
import { randomUUID } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { createLogger } from "@twostep/core";
import { createAuditStreamMover, type AuditImport } from "@twostep/core/redis";
import { createSqlAuditImport, createSqlAuditLog } from "@twostep/core/sql";
import { countRedisCommands, createStoreCounters } from "../../packages/core/src/adapters/store-counters";
import { useAuditStreamRig } from "../support/audit-stream-rig";
import { redisAvailable } from "../support/services";

const silent = createLogger({ level: "silent" });

describe("one mover at a time over a shared audit stream", async () => {
  const run = await redisAvailable();
  const rig = useAuditStreamRig(run, 2);

  it.runIf(run)("a second instance's kick reads nothing while the first moves, and each row lands once", async () => {
    // Two app instances, each with its own connection to the one Redis server.
    const [first, second] = [rig.clients(0), rig.clients(1)];
    const sqlLog = createSqlAuditImport(rig.db);
    // The first instance's insert waits until the test lets it go: it holds the stream meanwhile.
    let letGo!: () => void;
    const gate = new Promise<void>((resolve) => (letGo = resolve));
    let inserting!: () => void;
    const insertStarted = new Promise<void>((resolve) => (inserting = resolve));
    const slow: AuditImport = { sink: sqlLog.sink, insertOnce: async (rows) => { inserting(); await gate; await sqlLog.insertOnce(rows); } };

    const userId = `u-${randomUUID()}`;
    const stream = `${rig.prefix}:audit_stream`;
    // Entries as the check script appends them (redis-check-code.lua.ts), before any mover runs.
    for (let i = 0; i < 3; i++) await first.xadd(stream, "*", "user_id", userId, "purpose", "sign_in", "ip", "203.0.113.9", "outcome", "invalid", "retry_after_ms", "-1");

    const holder = createAuditStreamMover({ redis: first, prefix: rig.prefix, target: slow, logger: silent });
    rig.track(holder);
    await insertStarted;

    const counters = createStoreCounters();
    countRedisCommands(second, counters);
    const other = createAuditStreamMover({ redis: second, prefix: rig.prefix, target: sqlLog, logger: silent });
    rig.track(other);
    other.kick();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(counters.trail.filter((op) => op.startsWith("xrange"))).toEqual([]);

    letGo();
    const audit = createSqlAuditLog(rig.db);
    await vi.waitFor(async () => expect(await first.xlen(stream)).toBe(0), { timeout: 3_000, interval: 25 });
    expect((await audit.recentForUser(userId, 50)).filter((e) => e.type === "code.failed")).toHaveLength(3);
    // The lease is given back: the second instance's retry gets it and finds the stream empty.
    await vi.waitFor(() => expect(counters.trail.some((op) => op.startsWith("xrange"))).toBe(true), { timeout: 3_000, interval: 25 });
    expect((await audit.recentForUser(userId, 50)).filter((e) => e.type === "code.failed")).toHaveLength(3);
  });
});
