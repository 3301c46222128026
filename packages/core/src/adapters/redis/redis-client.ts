import type { Cluster, Redis } from "ioredis";

/**
 * Either client twostep runs on: one Redis server (with or without replicas) or a Redis Cluster.
 * Every key one command or script touches carries the same {u:<id>} hash tag or is a single key,
 * so nothing here needs more than one slot.
 */
export type RedisClient = Redis | Cluster;

export function isCluster(client: RedisClient): client is Cluster {
  return "isCluster" in client && client.isCluster === true;
}

/** The connection to every primary: the one server, or each master of a cluster. */
export function primaries(client: RedisClient): Redis[] {
  return isCluster(client) ? client.nodes("master") : [client];
}

/**
 * A round trip to every primary, so a cluster with one master gone is reported, not averaged
 * away; on a cluster, also the cluster's own verdict (cluster_state:fail when a slot has no master).
 */
export async function pingRedis(client: RedisClient): Promise<void> {
  const nodes = primaries(client);
  if (nodes.length === 0) throw new Error("no primary known");
  await Promise.all(nodes.map((node) => node.ping()));
  if (isCluster(client)) {
    const info = await nodes[0]!.cluster("INFO");
    if (!/^cluster_state:ok\b/m.test(info)) throw new Error("cluster state is not ok");
  }
}
