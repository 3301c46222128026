import { randomUUID } from "node:crypto";
import { afterAll, beforeAll } from "vitest";
import type { Redis } from "ioredis";
import { openRedis, type AuditStreamMover } from "@twostep/core/redis";
import { openDatabase, type Database, type DatabaseHandle } from "@twostep/core/sql";
import { TEST_REDIS_URL } from "./services";

export type AuditStreamRig = {
  /** Under which every key of the file's tests lives (the stream is `${prefix}:audit_stream`). */
  readonly prefix: string;
  /** The SQL audit log's database: an in-memory PGlite of the file's own. */
  readonly db: Database;
  /** The first Redis client; `clients(n)` for the n-th (0-based), as separate app instances. */
  readonly redis: Redis;
  clients(index: number): Redis;
  /** A mover the rig closes after the file's tests, before it deletes their keys. */
  track<T extends AuditStreamMover>(mover: T): T;
};

/**
 * What every audit-stream test file sets up and tears down (call it in a describe): the SQL audit
 * log, `clientCount` Redis connections and a key prefix of its own; afterwards its movers are
 * closed, its keys deleted and its connections ended. Opens nothing when `run` is false (no Redis).
 */
export function useAuditStreamRig(run: boolean, clientCount = 1): AuditStreamRig {
  const prefix = `twostep-test-${randomUUID()}`;
  let handle: DatabaseHandle | undefined;
  const redisClients: Redis[] = [];
  const movers: AuditStreamMover[] = [];
  beforeAll(async () => {
    if (!run) return;
    handle = await openDatabase({ pgliteMemory: true });
    for (let i = 0; i < clientCount; i++) redisClients.push(await openRedis(TEST_REDIS_URL));
  });
  afterAll(async () => {
    if (!run) return;
    for (const mover of movers) await mover.close();
    const [redis] = redisClients;
    if (redis) {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
    }
    for (const client of redisClients) client.disconnect();
    await handle?.close();
  });
  const opened = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the audit-stream rig has no ${what}: used outside a test, or without Redis`);
    return value;
  };
  return {
    prefix,
    get db() {
      return opened(handle, "database").db;
    },
    get redis() {
      return opened(redisClients[0], "Redis client");
    },
    clients: (index) => opened(redisClients[index], `Redis client ${index}`),
    track(mover) {
      movers.push(mover);
      return mover;
    },
  };
}
