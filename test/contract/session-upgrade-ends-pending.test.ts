// Threat: the pending session (password only) outlives the sign-in it led to, so a captured
// pending cookie still opens a session after its owner finished the second step. The registry's
// replace() ends it and opens the full one as one step: one statement on SQL, and on every store
// the pending record is gone once the full one exists.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createSessionRegistry, type SessionStore } from "@twostep/core";
import { createRedisSessionStore, openRedis } from "@twostep/core/redis";
import { createSqlSessionStore, openDatabase } from "@twostep/core/sql";
import { createStoreCounters } from "../../packages/core/src/adapters/store-counters";
import { createFreshDatabase } from "../support/fresh-database";
import { postgresAvailable, redisAvailable, TEST_REDIS_URL } from "../support/services";

const counters = createStoreCounters();
type Opened = { store: SessionStore; close: () => Promise<void>; statementsPerReplace: number | null };

const stores: { name: string; available: () => Promise<boolean>; open: () => Promise<Opened> }[] = [
  {
    name: "PGlite",
    available: async () => true,
    open: async () => {
      const handle = await openDatabase({ pgliteMemory: true, counters });
      return { store: createSqlSessionStore(handle.db, { tables: handle.tables }), close: handle.close, statementsPerReplace: 1 };
    },
  },
  {
    name: "PostgreSQL",
    available: postgresAvailable,
    open: async () => {
      const fresh = await createFreshDatabase();
      const handle = await openDatabase({ url: fresh.url, counters });
      const close = async () => {
        await handle.close();
        await fresh.drop();
      };
      return { store: createSqlSessionStore(handle.db, { tables: handle.tables }), close, statementsPerReplace: 1 };
    },
  },
  {
    name: "Redis",
    available: redisAvailable,
    open: async () => {
      const redis = await openRedis(TEST_REDIS_URL);
      const run = `twostep-test-${randomUUID()}`;
      const close = async () => {
        const keys = await redis.keys(`${run}:*`);
        if (keys.length > 0) await redis.del(...keys);
        redis.disconnect();
      };
      return { store: createRedisSessionStore(redis, run), close, statementsPerReplace: null };
    },
  },
];

describe.each(stores)("a pending session upgraded to a full one on $name", ({ available, open }) => {
  it("is gone once the full one exists, and the full one is live", async (context) => {
    if (!(await available())) return context.skip();
    const { store, close, statementsPerReplace } = await open();
    try {
      const registry = createSessionRegistry({ store });
      const pending = await registry.open({ userId: "u-1", stage: "pending", factor: null });
      const other = await registry.open({ userId: "u-1", stage: "full", factor: "sms" });

      const before = counters.statements;
      const full = await registry.replace(pending.id, { userId: "u-1", stage: "full", factor: "sms", ip: "203.0.113.9" });
      if (statementsPerReplace !== null) expect(counters.statements - before).toBe(statementsPerReplace);

      expect(full.id).not.toBe(pending.id);
      expect(await registry.check(pending.id)).toBeNull();
      expect(await registry.check(full.id)).toMatchObject({ userId: "u-1", stage: "full", factor: "sms", ip: "203.0.113.9" });
      // Only the pending record ended: the user's other sessions stay.
      expect((await registry.check(other.id))?.id).toBe(other.id);
      expect((await registry.list("u-1")).map((s) => s.id).sort()).toEqual([full.id, other.id].sort());
    } finally {
      await close();
    }
  });
});
