// Threat: Redis replicates asynchronously, so a primary that fails right after a code was accepted
// can hand over to a replica that never saw the code marked used, and the same code passes a second
// time. A right code therefore waits (WAIT 1, briefly) until one replica has the mark, on the
// primary that owns the key, before the caller issues a session; where there is no replica it does
// not wait at all, a lagging replica costs at most the short timeout, and the health check sees
// every primary. Real clusters on loopback, started by this test.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Cluster } from "ioredis";
import { createRedisChallengeStore, createRedisStateStore, openRedisCluster, REPLICA_WAIT_MS } from "@twostep/core/redis";
import type { ChallengeStore } from "@twostep/core";
import { onNode, redisClusterAvailable, startRedisCluster, type LocalRedisCluster } from "../support/redis-cluster";

const LOCKOUT = { thresholdFailures: 10, baseLockMs: 60_000, maxLockMs: 86_400_000, failureMemoryMs: 86_400_000 };

/** How many WAIT commands a node has run (INFO commandstats). */
const waitCalls = (port: number) =>
  onNode(port, async (r) => Number(/^cmdstat_wait:calls=(\d+)/m.exec(await r.info("commandstats"))?.[1] ?? 0));

/** The primary (and its replicas) owning a key's slot, by asking the cluster, not our own hashing. */
async function ownerOf(cluster: Cluster, key: string): Promise<{ primary: number; replicas: number[] }> {
  const slot = Number(await cluster.cluster("KEYSLOT", key));
  const ranges = await cluster.cluster("SLOTS");
  const [, , primary, ...replicas] = ranges.find(([from, to]) => from <= slot && slot <= to)!;
  return { primary: primary![1], replicas: replicas.map((r) => r[1]) };
}

async function acceptedCode(store: ChallengeStore, userId: string) {
  const nowMs = Date.now();
  await store.save({
    id: randomUUID(), userId, purpose: "sign_in", phoneE164: "+12015550123", codeHash: "right",
    maxAttempts: 5, expiresAtMs: nowMs + 300_000, sentAtMs: nowMs, messageId: null,
  });
  const started = performance.now();
  const outcome = await store.verify({ userId, purpose: "sign_in", codeHash: "right", nowMs, lockout: LOCKOUT });
  return { outcome, ms: performance.now() - started };
}

describe("Redis Cluster with a replica per primary: a right code waits for one replica", async () => {
  const run = await redisClusterAvailable();
  let local: LocalRedisCluster;
  let cluster: Cluster;
  let store: ChallengeStore;
  const prefix = `twostep-test-${randomUUID()}`;
  const keyOf = (userId: string) => `${prefix}:{u:${userId}}:challenge:sign_in`;
  beforeAll(async () => {
    if (!run) return;
    local = await startRedisCluster({ primaries: 3, replicasPerPrimary: 1 });
    cluster = await openRedisCluster(local.nodes.slice(0, 1));
    store = createRedisChallengeStore(cluster, prefix);
  });
  afterAll(async () => {
    cluster?.disconnect();
    await local?.stop();
  });

  it.runIf(run)("sends WAIT to the primary that owns the code, and its replica has the code used when verify returns", async () => {
    // Users spread over the three primaries: each right code waits on its own key's primary.
    for (let i = 0; i < 6; i++) {
      const userId = randomUUID();
      const owner = await ownerOf(cluster, keyOf(userId));
      expect(owner.replicas).toHaveLength(1);
      const before = await waitCalls(owner.primary);
      const { outcome } = await acceptedCode(store, userId);
      expect(outcome).toMatchObject({ outcome: "ok" });
      expect(await waitCalls(owner.primary)).toBe(before + 1);
      const onReplica = await onNode(owner.replicas[0]!, async (r) => {
        await r.call("READONLY");
        return r.hget(keyOf(userId), "consumed_at_ms");
      });
      expect(onReplica).not.toBeNull();
    }
  });

  it.runIf(run)("a wrong code does not wait", async () => {
    const userId = randomUUID();
    const owner = await ownerOf(cluster, keyOf(userId));
    const nowMs = Date.now();
    await store.save({ id: randomUUID(), userId, purpose: "sign_in", phoneE164: "+12015550123", codeHash: "right", maxAttempts: 5, expiresAtMs: nowMs + 300_000, sentAtMs: nowMs, messageId: null });
    const before = await waitCalls(owner.primary);
    expect(await store.verify({ userId, purpose: "sign_in", codeHash: "wrong", nowMs, lockout: LOCKOUT })).toMatchObject({ outcome: "invalid" });
    expect(await waitCalls(owner.primary)).toBe(before);
  });

  it.runIf(run)("a frozen replica costs the sign-in the short timeout, not the sign-in itself", async () => {
    const userId = randomUUID();
    const owner = await ownerOf(cluster, keyOf(userId));
    local.freeze(owner.replicas[0]!);
    try {
      const { outcome, ms } = await acceptedCode(store, userId);
      expect(outcome).toMatchObject({ outcome: "ok" });
      expect(ms).toBeGreaterThanOrEqual(REPLICA_WAIT_MS - 10);
      expect(ms).toBeLessThan(REPLICA_WAIT_MS + 1_000);
    } finally {
      local.thaw(owner.replicas[0]!);
    }
  });
});

describe("Redis Cluster without replicas: nothing to wait for, and the health check sees every primary", async () => {
  const run = await redisClusterAvailable();
  let local: LocalRedisCluster;
  let cluster: Cluster;
  const prefix = `twostep-test-${randomUUID()}`;
  beforeAll(async () => {
    if (!run) return;
    local = await startRedisCluster({ primaries: 3, replicasPerPrimary: 0 });
    cluster = await openRedisCluster(local.nodes.slice(0, 1));
  });
  afterAll(async () => {
    cluster?.disconnect();
    await local?.stop();
  });

  it.runIf(run)("a right code is accepted at once, no WAIT sent", async () => {
    const store = createRedisChallengeStore(cluster, prefix);
    const userId = randomUUID();
    const owner = await ownerOf(cluster, `${prefix}:{u:${userId}}:challenge:sign_in`);
    expect(owner.replicas).toEqual([]);
    const { outcome, ms } = await acceptedCode(store, userId);
    expect(outcome).toMatchObject({ outcome: "ok" });
    expect(ms).toBeLessThan(REPLICA_WAIT_MS);
    expect(await waitCalls(owner.primary)).toBe(0);
  });

  it.runIf(run)("ping fails while any one primary is frozen, and passes again when it is back", async () => {
    const state = createRedisStateStore(cluster, prefix);
    await expect(state.ping()).resolves.toBeUndefined();
    const [one] = await local.topology();
    local.freeze(one!.primary);
    try {
      await expect(state.ping()).rejects.toThrow();
    } finally {
      local.thaw(one!.primary);
    }
    await expect.poll(() => state.ping().then(() => true, () => false), { timeout: 15_000, interval: 250 }).toBe(true);
  });
});
