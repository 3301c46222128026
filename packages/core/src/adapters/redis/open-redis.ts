import { Redis } from "ioredis";

/**
 * A Redis client that fails fast instead of queueing while the server is away, so the core can
 * answer UNAVAILABLE at once; ioredis keeps reconnecting in the background and the same client
 * works again when the server is back.
 */
export async function openRedis(url: string): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    commandTimeout: 2_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  // Connection errors surface through commands; without a listener ioredis would log each one.
  redis.on("error", () => {});
  await redis.connect();
  return redis;
}
