// Behaviour: on Redis a code check's audit events wait in a stream until a mover lands them in the
// SQL audit log, off the request path. The owner who signs in with a code, or a stranger's guess
// at it, must still be in the security log the owner opens a moment later, even while another app
// instance holds the stream moving a batch of its own; and through a Redis outage the log stays
// readable from SQL.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createLogger } from "@twostep/core";
import { auditLogAfterStream, createAuditStreamMover, createRedisStateStore, openRedis, type AuditImport } from "@twostep/core/redis";
import { createSqlAuditImport, createSqlAuditLog } from "@twostep/core/sql";
import { useAuditStreamRig } from "../support/audit-stream-rig";
import { randomIp, randomPhone, randomUserId, serviceFor } from "../support/fixtures";
import { redisAvailable, TEST_REDIS_URL } from "../support/services";

const silent = createLogger({ level: "silent" });

describe("the security log shows a code check made a moment ago (Redis one-step check)", async () => {
  const run = await redisAvailable();
  const rig = useAuditStreamRig(run, 2);

  it.runIf(run)("while another instance holds the stream, a guess is in the log read right after it", async () => {
    const [other, ours] = [rig.clients(0), rig.clients(1)];
    const sqlImport = createSqlAuditImport(rig.db);
    // Another instance is moving a batch and its insert is slow: it holds the stream's lease.
    let letGo!: () => void;
    const gate = new Promise<void>((resolve) => (letGo = resolve));
    let inserting!: () => void;
    const insertStarted = new Promise<void>((resolve) => (inserting = resolve));
    const slow: AuditImport = { sink: sqlImport.sink, insertOnce: async (rows) => { inserting(); await gate; await sqlImport.insertOnce(rows); } };
    await other.xadd(`${rig.prefix}:audit_stream`, "*", "user_id", `u-${randomUUID()}`, "purpose", "sign_in", "ip", "203.0.113.9", "outcome", "invalid", "retry_after_ms", "-1");
    rig.track(createAuditStreamMover({ redis: other, prefix: rig.prefix, target: slow, logger: silent }));
    await insertStarted;

    // This instance: the one-step check, and the log as the core reads it.
    const mover = rig.track(createAuditStreamMover({ redis: ours, prefix: rig.prefix, target: sqlImport, logger: silent }));
    const { service } = serviceFor(createRedisStateStore(ours, rig.prefix, { auditTrail: mover }), rig.db);
    const log = auditLogAfterStream(createSqlAuditLog(rig.db), mover, silent);
    const userId = randomUserId();
    expect((await service.start({ userId, purpose: "sign_in", phone: randomPhone() })).ok).toBe(true);
    expect(await service.verify({ userId, purpose: "sign_in", code: "000000", ip: randomIp() })).toMatchObject({ ok: false, code: "INVALID_CODE" });

    // The other instance finishes its batch soon after the owner opens the page.
    const reading = log.recentForUser(userId, 50);
    setTimeout(letGo, 100);
    expect((await reading).map((e) => e.type)).toContain("code.failed");
    expect((await log.pageForUser(userId, { limit: 10, types: ["code.failed"] })).events).toHaveLength(1);
  });

  it.runIf(run)("through a Redis outage the log still answers with what SQL holds", async () => {
    const sqlLog = createSqlAuditLog(rig.db);
    const userId = randomUserId();
    await sqlLog.record({ userId, type: "password.changed" });
    const lost = await openRedis(TEST_REDIS_URL);
    const mover = createAuditStreamMover({ redis: lost, prefix: rig.prefix, target: createSqlAuditImport(rig.db), logger: silent });
    await mover.close();
    lost.disconnect();
    const log = auditLogAfterStream(sqlLog, mover, silent);
    expect((await log.recentForUser(userId)).map((e) => e.type)).toEqual(["password.changed"]);
  });
});
