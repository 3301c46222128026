// Threat: Redis replicates asynchronously. A primary that fails right after an authenticator code
// was accepted can hand over to a replica that never saw its time step marked used, and the same
// code passes a second time within its window. As for a right SMS code (redis-replica-wait.test.ts,
// redis-cluster-replicas.test.ts), a right TOTP code therefore answers only once one replica has
// the step (WAIT 1, briefly, on the primary owning the user's keys); a wrong code does not wait,
// and where there is no replica nothing waits. Real servers and a real cluster on loopback.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Cluster, Redis } from "ioredis";
import type { AccountLockStore } from "@twostep/core";
import { createRedisAccountLock, openRedis, openRedisCluster } from "@twostep/core/redis";
import { onNode, redisClusterAvailable, startRedisCluster, type LocalRedisCluster } from "../support/redis-cluster";
import { startRedisServer, type LocalRedisServer } from "../support/redis-primary-replica";

const LOCKOUT = { thresholdFailures: 10, baseLockMs: 60_000, maxLockMs: 86_400_000, failureMemoryMs: 86_400_000 };

/** How many WAIT commands a node has run (INFO commandstats). */
const waitCalls = (port: number) => onNode(port, async (r) => Number(/^cmdstat_wait:calls=(\d+)/m.exec(await r.info("commandstats"))?.[1] ?? 0));

const step = () => Math.floor(Date.now() / 30_000);
const checkStep = (lock: AccountLockStore, userId: string, factorId: string, at: number | null) =>
  lock.checkTotpStep({ userId, factorId, step: at, nowMs: Date.now(), lockout: LOCKOUT });

describe("one Redis server and its standby: a right authenticator code waits for the standby", async () => {
  const run = await redisClusterAvailable();
  let server: LocalRedisServer;
  let redis: Redis;
  let lock: AccountLockStore;
  const prefix = `twostep-test-${randomUUID()}`;
  beforeAll(async () => {
    if (!run) return;
    server = await startRedisServer({ withReplica: true });
    redis = await openRedis(server.url);
    lock = createRedisAccountLock(redis, prefix);
  });
  afterAll(async () => {
    redis?.disconnect();
    await server?.stop();
  });

  it.runIf(run)("the standby has the step used when the check answers, and taking over there refuses the same code", async () => {
    const userId = randomUUID();
    const factorId = randomUUID();
    const at = step();
    const waitsBefore = await waitCalls(server.port);
    expect(await checkStep(lock, userId, factorId, at)).toEqual({ outcome: "ok" });
    expect(await waitCalls(server.port)).toBe(waitsBefore + 1);
    const onStandby = await onNode(server.replicaPort!, (r) => r.hget(`${prefix}:{u:${userId}}:totp_steps`, factorId));
    expect(onStandby).toBe(String(at));
    // The primary is lost here: the standby takes over, and the code just used is refused there.
    await onNode(server.replicaPort!, (r) => r.call("REPLICAOF", "NO", "ONE"));
    const promoted = await openRedis(`redis://127.0.0.1:${server.replicaPort!}`);
    try {
      expect(await checkStep(createRedisAccountLock(promoted, prefix), userId, factorId, at)).toEqual({ outcome: "replayed" });
    } finally {
      promoted.disconnect();
    }
  });

  it.runIf(run)("a wrong code does not wait", async () => {
    const waitsBefore = await waitCalls(server.port);
    expect(await checkStep(lock, randomUUID(), randomUUID(), null)).toEqual({ outcome: "invalid" });
    expect(await waitCalls(server.port)).toBe(waitsBefore);
  });
});

describe("one Redis server without a standby: a right authenticator code does not wait", async () => {
  const run = await redisClusterAvailable();
  let server: LocalRedisServer;
  let redis: Redis;
  beforeAll(async () => {
    if (!run) return;
    server = await startRedisServer({ withReplica: false });
    redis = await openRedis(server.url);
  });
  afterAll(async () => {
    redis?.disconnect();
    await server?.stop();
  });

  it.runIf(run)("answers without WAIT, which would only sit out its timeout there", async () => {
    const lock = createRedisAccountLock(redis, `twostep-test-${randomUUID()}`);
    expect(await checkStep(lock, randomUUID(), randomUUID(), step())).toEqual({ outcome: "ok" });
    expect(await waitCalls(server.port)).toBe(0);
  });
});

describe("Redis Cluster with a replica per primary: a right authenticator code waits on the primary owning the user", async () => {
  const run = await redisClusterAvailable();
  let local: LocalRedisCluster;
  let cluster: Cluster;
  let lock: AccountLockStore;
  const prefix = `twostep-test-${randomUUID()}`;
  beforeAll(async () => {
    if (!run) return;
    local = await startRedisCluster({ primaries: 3, replicasPerPrimary: 1 });
    cluster = await openRedisCluster(local.nodes.slice(0, 1));
    lock = createRedisAccountLock(cluster, prefix);
  });
  afterAll(async () => {
    cluster?.disconnect();
    await local?.stop();
  });

  it.runIf(run)("sends WAIT to the owner, and its replica has the step when the check returns", async () => {
    // Users spread over the three primaries: each right code waits on its own key's primary.
    for (let i = 0; i < 6; i++) {
      const userId = randomUUID();
      const factorId = randomUUID();
      const key = `${prefix}:{u:${userId}}:totp_steps`;
      const slot = Number(await cluster.cluster("KEYSLOT", key));
      const ranges = await cluster.cluster("SLOTS");
      const [, , primary, ...replicas] = ranges.find(([from, to]) => from <= slot && slot <= to)!;
      expect(replicas).toHaveLength(1);
      const before = await waitCalls(primary![1]);
      const at = step();
      expect(await checkStep(lock, userId, factorId, at)).toEqual({ outcome: "ok" });
      expect(await waitCalls(primary![1])).toBe(before + 1);
      const onReplica = await onNode(replicas[0]![1], async (r) => {
        await r.call("READONLY");
        return r.hget(key, factorId);
      });
      expect(onReplica).toBe(String(at));
    }
  });
});
