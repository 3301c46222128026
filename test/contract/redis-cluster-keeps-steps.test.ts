// Threat: the one-step check script (per-IP window, check, audit stream) names keys in three hash
// slots; run on Redis Cluster it would fail with CROSSSLOT and every code check would answer
// UNAVAILABLE. On a Cluster client the store must not offer it, even when given an audit stream
// mover, and the core must check in steps and still record the guess.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "@twostep/core";
import { createSqlAuditImport, createSqlAuditLog, openDatabase, type DatabaseHandle } from "@twostep/core/sql";
import { createAuditStreamMover, createRedisStateStore, openRedis, openRedisCluster, type AuditStreamMover } from "@twostep/core/redis";
import type { Cluster, Redis } from "ioredis";
import { randomIp, randomPhone, randomUserId, serviceFor } from "../support/fixtures";
import { redisClusterAvailable, startRedisCluster, type LocalRedisCluster } from "../support/redis-cluster";
import { redisAvailable, TEST_REDIS_URL } from "../support/services";

describe("a Redis Cluster keeps the code check in steps", async () => {
  const run = (await redisClusterAvailable()) && (await redisAvailable());
  let handle: DatabaseHandle;
  let cluster: LocalRedisCluster;
  let client: Cluster;
  let single: Redis;
  let mover: AuditStreamMover;
  const prefix = `twostep-test-${randomUUID()}`;
  beforeAll(async () => {
    if (!run) return;
    handle = await openDatabase({ pgliteMemory: true });
    cluster = await startRedisCluster({ primaries: 3, replicasPerPrimary: 0 });
    client = await openRedisCluster(cluster.nodes.slice(0, 1));
    // A mover as a single server would have one: the store is offered it and must not use it.
    single = await openRedis(TEST_REDIS_URL);
    mover = createAuditStreamMover({ redis: single, prefix, target: createSqlAuditImport(handle.db), logger: createLogger({ level: "silent" }) });
  }, 60_000);
  afterAll(async () => {
    if (!run) return;
    await mover.close();
    single.disconnect();
    client.disconnect();
    await cluster.stop();
    await handle.close();
  });

  it.runIf(run)("offers no one-step check, counts a wrong guess and records it in SQL", async () => {
    const store = createRedisStateStore(client, prefix, { auditTrail: mover });
    expect(store.challenges.oneStepCheck).toBeUndefined();
    const { service } = serviceFor(store, handle.db);
    expect(service.checksReportDelivery).toBe(false);
    const userId = randomUserId();
    expect((await service.start({ userId, purpose: "sign_in", phone: randomPhone() })).ok).toBe(true);
    expect(await service.verify({ userId, purpose: "sign_in", code: "000000", ip: randomIp() })).toMatchObject({ ok: false, code: "INVALID_CODE", attemptsLeft: 4 });
    const events = await createSqlAuditLog(handle.db).recentForUser(userId);
    expect(events.filter((e) => e.type === "code.failed")).toHaveLength(1);
    expect(await single.xlen(mover.streamKey)).toBe(0);
  });
});
