// Threat: on one Redis server with a standby, replication is asynchronous: a primary that fails
// right after a code was accepted can hand over to a standby that never saw the code marked used,
// and the same code passes a second time. The one-step check therefore answers a right code only
// once the standby has the mark (WAIT 1, briefly); with no standby it never waits; and asking the
// server whether it has one (ROLE) is not a round trip added to every sign-in.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Redis } from "ioredis";
import { createLogger, type StateStore } from "@twostep/core";
import { createAuditStreamMover, createRedisStateStore, openRedis, type AuditStreamMover } from "@twostep/core/redis";
import { createSqlAuditImport, openDatabase, type DatabaseHandle } from "@twostep/core/sql";
import { onNode, redisClusterAvailable } from "../support/redis-cluster";
import { startRedisServer, type LocalRedisServer } from "../support/redis-primary-replica";

const LOCKOUT = { thresholdFailures: 10, baseLockMs: 60_000, maxLockMs: 86_400_000, failureMemoryMs: 86_400_000 };
const IP_WINDOW = { spec: { name: "verify:ip", points: 1000, durationSeconds: 900 }, key: "203.0.113.5" };

const commandCalls = (port: number, command: string) =>
  onNode(port, async (r) => Number(new RegExp(`^cmdstat_${command}:calls=(\\d+)`, "m").exec(await r.info("commandstats"))?.[1] ?? 0));

type Rig = { server: LocalRedisServer; redis: Redis; audit: DatabaseHandle; mover: AuditStreamMover; store: StateStore; prefix: string };

async function openRig(withReplica: boolean): Promise<Rig> {
  const server = await startRedisServer({ withReplica });
  const redis = await openRedis(server.url);
  const audit = await openDatabase({ pgliteMemory: true });
  const prefix = `twostep-test-${randomUUID()}`;
  const mover = createAuditStreamMover({ redis, prefix, target: createSqlAuditImport(audit.db), logger: createLogger({ level: "silent" }) });
  return { server, redis, audit, mover, prefix, store: createRedisStateStore(redis, prefix, { auditTrail: mover }) };
}

async function closeRig(rig: Rig | undefined) {
  if (!rig) return;
  await rig.mover.close();
  rig.redis.disconnect();
  await rig.audit.close();
  await rig.server.stop();
}

/** A live code, then the one-step check of it. */
async function acceptCode(rig: Rig, userId: string) {
  const nowMs = Date.now();
  await rig.store.challenges.save({
    id: randomUUID(), userId, purpose: "sign_in", phoneE164: "+12015550123", codeHash: "right",
    maxAttempts: 5, expiresAtMs: nowMs + 300_000, sentAtMs: nowMs, messageId: null,
  });
  return rig.store.challenges.oneStepCheck!.check({
    userId, purpose: "sign_in", codeHash: "right", nowMs, lockout: LOCKOUT, ipWindow: IP_WINDOW, ip: IP_WINDOW.key, okEvents: [],
  });
}

describe("one Redis server and its standby: a right code waits for the standby", async () => {
  const run = await redisClusterAvailable();
  let rig: Rig | undefined;
  beforeAll(async () => {
    if (run) rig = await openRig(true);
  });
  afterAll(() => closeRig(rig));

  it.runIf(run)("the standby has the code used when the check answers", async () => {
    const userId = randomUUID();
    const waitsBefore = await commandCalls(rig!.server.port, "wait");
    const outcome = await acceptCode(rig!, userId);
    expect(outcome.outcome).toBe("ok");
    expect(await commandCalls(rig!.server.port, "wait")).toBe(waitsBefore + 1);
    const onStandby = await onNode(rig!.server.replicaPort!, (r) => r.hget(`${rig!.prefix}:{u:${userId}}:challenge:sign_in`, "consumed_at_ms"));
    expect(onStandby).not.toBeNull();
  });

  it.runIf(run)("asks whether there is a standby at most about once a second, not once per sign-in", async () => {
    const rolesBefore = await commandCalls(rig!.server.port, "role");
    const started = Date.now();
    for (let i = 0; i < 10; i++) expect((await acceptCode(rig!, randomUUID())).outcome).toBe("ok");
    const elapsedSeconds = (Date.now() - started) / 1000;
    expect(await commandCalls(rig!.server.port, "role") - rolesBefore).toBeLessThanOrEqual(Math.ceil(elapsedSeconds) + 1);
  });
});

describe("one Redis server without a standby: a right code does not wait", async () => {
  const run = await redisClusterAvailable();
  let rig: Rig | undefined;
  beforeAll(async () => {
    if (run) rig = await openRig(false);
  });
  afterAll(() => closeRig(rig));

  it.runIf(run)("answers without WAIT, which would only sit out its timeout there", async () => {
    const waitsBefore = await commandCalls(rig!.server.port, "wait");
    const outcome = await acceptCode(rig!, randomUUID());
    expect(outcome.outcome).toBe("ok");
    expect(await commandCalls(rig!.server.port, "wait")).toBe(waitsBefore);
  });
});
