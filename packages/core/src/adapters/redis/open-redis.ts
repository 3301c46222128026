import { Cluster, Redis, type RedisOptions } from "ioredis";

/** Fail fast instead of queueing while a server is away (see openRedis). */
const FAIL_FAST: RedisOptions = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  connectTimeout: 2_000,
  commandTimeout: 2_000,
  retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
};

/**
 * A Redis client that fails fast instead of queueing while the server is away, so the core can
 * answer UNAVAILABLE at once; ioredis keeps reconnecting in the background and the same client
 * works again when the server is back.
 */
export async function openRedis(url: string): Promise<Redis> {
  const redis = new Redis(url, { ...FAIL_FAST, lazyConnect: true });
  // Connection errors surface through commands; without a listener ioredis would log each one.
  redis.on("error", () => {});
  await redis.connect();
  return redis;
}

export type ClusterNodeAddress = { host: string; port: number };

/**
 * A Redis Cluster client from a few of its nodes (ioredis learns the rest from CLUSTER SLOTS),
 * failing fast like openRedis. Resolves once the cluster is ready: every slot has a known master.
 */
export async function openRedisCluster(nodes: readonly ClusterNodeAddress[]): Promise<Cluster> {
  if (nodes.length === 0) throw new Error("openRedisCluster needs at least one node");
  const cluster = new Cluster(
    nodes.map(({ host, port }) => ({ host, port })),
    {
      lazyConnect: true,
      enableOfflineQueue: false,
      redisOptions: FAIL_FAST,
      clusterRetryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
      // After a failover the old master answers MOVED/CLUSTERDOWN for a moment; retry briefly.
      retryDelayOnFailover: 200,
      retryDelayOnClusterDown: 200,
    },
  );
  cluster.on("error", () => {});
  try {
    await cluster.connect();
  } catch (error) {
    cluster.disconnect();
    throw error;
  }
  return cluster;
}
