import type { Cluster, Redis } from "ioredis";
import { keySlot } from "./key-slot.js";
import { isCluster, type RedisClient } from "./redis-client.js";

/**
 * Longest a successful verify waits for a replica to confirm the write that consumed the code.
 * Replication on a healthy LAN takes about a millisecond; past this the replica is lagging or gone,
 * and the sign-in goes ahead rather than fail for everyone (docs/deployment.md: what a failover
 * can lose).
 */
export const REPLICA_WAIT_MS = 250;

/**
 * Redis replicates asynchronously: a primary that fails right after a verify could hand over to a
 * replica that never saw the code consumed, and the same code would pass once more. WAIT 1 on the
 * connection that made the write blocks until one replica has it (or the timeout). WAIT counts the
 * writes of its own connection, so it goes to the same connection the verify script ran on: the
 * one server, or the cluster master that owns the key's slot. Where there is no replica, WAIT
 * would only sit out its timeout, so it is skipped.
 *
 * Returns how many replicas acknowledged, or null when there was none to wait for.
 */
export async function waitForOneReplica(client: RedisClient, key: string): Promise<number | null> {
  const primary = isCluster(client) ? clusterPrimaryWithReplica(client, key) : await serverWithReplica(client);
  if (!primary) return null;
  return primary.wait(1, REPLICA_WAIT_MS);
}

function clusterPrimaryWithReplica(cluster: Cluster, key: string): Redis | null {
  // ioredis's slot table: for each slot, "host:port" of the master first, then its replicas.
  const owners = cluster.slots[keySlot(key)];
  if (!owners || owners.length < 2) return null;
  return cluster.nodes("master").find((node) => `${node.options.host}:${node.options.port}` === owners[0]) ?? null;
}

/**
 * How long a server's answer to ROLE is reused. Asking on every right code cost each sign-in a
 * round trip for news that changes only when a replica attaches or leaves: one that attached in
 * the last second is still copying the whole dataset and can't be promoted with it yet, and one
 * that left makes WAIT sit out REPLICA_WAIT_MS at most until the next ask.
 */
export const ROLE_REUSE_MS = 1_000;

const lastRole = new WeakMap<Redis, { askedAtMs: number; hasReplica: boolean }>();

async function serverWithReplica(server: Redis): Promise<Redis | null> {
  const nowMs = Date.now();
  const known = lastRole.get(server);
  if (known && nowMs - known.askedAtMs < ROLE_REUSE_MS) return known.hasReplica ? server : null;
  // ROLE on a primary: ["master", offset, [[ip, port, offset], ...]], one entry per connected replica.
  const role = (await server.role()) as [string, number, unknown[]?];
  const hasReplica = role[0] === "master" && (role[2]?.length ?? 0) > 0;
  lastRole.set(server, { askedAtMs: nowMs, hasReplica });
  return hasReplica ? server : null;
}
