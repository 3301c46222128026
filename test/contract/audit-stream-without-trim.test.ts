// Behaviour: on a Redis that refuses `XTRIM … MINID` (before 6.2, MINID did not exist), the audit
// stream still drains: each moved batch leaves by its own ids, every wrong guess lands in SQL once,
// and the stream ends empty. Without the fallback the drop script would fail on every batch, the
// stream would grow without end and the security log would repeat the first batch forever.
// Stand-in for an old server: a Redis of our own on loopback with XTRIM renamed away, so the
// script's trim answers an error as 6.0's `XTRIM key MINID id` ("ERR syntax error") does.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Redis } from "ioredis";
import { createLogger } from "@twostep/core";
import { createAuditStreamMover, openRedis } from "@twostep/core/redis";
import { createSqlAuditImport, openDatabase, schema, type DatabaseHandle } from "@twostep/core/sql";
import { and, eq } from "drizzle-orm";
import { redisClusterAvailable } from "../support/redis-cluster";
import { startRedisServer, type LocalRedisServer } from "../support/redis-primary-replica";

describe("a Redis without XTRIM MINID: the audit stream drains by ids", async () => {
  const run = await redisClusterAvailable();
  let server: LocalRedisServer | undefined;
  let redis: Redis | undefined;
  let audit: DatabaseHandle | undefined;
  const prefix = `twostep-test-${randomUUID()}`;
  const stream = `${prefix}:audit_stream`;

  beforeAll(async () => {
    if (!run) return;
    server = await startRedisServer({ withReplica: false, primaryArgs: ["--rename-command", "XTRIM", ""] });
    redis = await openRedis(server.url);
    audit = await openDatabase({ pgliteMemory: true });
  });
  afterAll(async () => {
    redis?.disconnect();
    await audit?.close();
    await server?.stop();
  });

  it.runIf(run)("the server really refuses the trim the drop script tries first", async () => {
    await expect(redis!.xtrim(stream, "MINID", "0")).rejects.toThrow(/unknown command/i);
  });

  it.runIf(run)("three batches' worth of wrong guesses all land in SQL once, and the stream ends empty", async () => {
    const userId = `u-${randomUUID()}`;
    const guesses = 450; // more than two batches of 200: the loop goes on after a batch left by ids
    for (let i = 0; i < guesses; i++) {
      // An entry as the check script appends it (redis-check-code.lua.ts).
      await redis!.xadd(stream, "*", "user_id", userId, "purpose", "sign_in", "ip", "203.0.113.9", "outcome", "invalid", "retry_after_ms", "-1");
    }
    const mover = createAuditStreamMover({ redis: redis!, prefix, target: createSqlAuditImport(audit!.db), logger: createLogger({ level: "silent" }) });
    try {
      mover.kick();
      await vi.waitFor(async () => expect(await redis!.xlen(stream)).toBe(0), { timeout: 5_000, interval: 25 });
      const { auditEvents } = schema;
      const failed = await audit!.db.$count(auditEvents, and(eq(auditEvents.userId, userId), eq(auditEvents.type, "code.failed")));
      expect(failed).toBe(guesses);
    } finally {
      await mover.close();
    }
  });
});
