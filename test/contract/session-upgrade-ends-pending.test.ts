// Threat: the pending session (password only) outlives the sign-in it led to, so a captured
// pending cookie still opens a session after its owner finished the second step. The registry's
// replace() ends it and opens the full one as one step: one statement on SQL, one script on a
// Redis server, and on every store the pending record is gone once the full one exists.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createSessionRegistry, type SessionStore } from "@twostep/core";
import { createRedisSessionStore, openRedis } from "@twostep/core/redis";
import { countRedisCommands, createStoreCounters } from "../../packages/core/src/adapters/store-counters";
import { createSqlSessionStore, openDatabase } from "@twostep/core/sql";
import { createFreshDatabase } from "../support/fresh-database";
import { postgresAvailable, redisAvailable, TEST_REDIS_URL } from "../support/services";

const counters = createStoreCounters();
type Opened = { store: SessionStore; close: () => Promise<void> };

/** Statements plus Redis commands: each store does the upgrade in one. */
const roundTrips = () => counters.statements + counters.redisCommands;

const stores: { name: string; available: () => Promise<boolean>; open: () => Promise<Opened> }[] = [
  {
    name: "PGlite",
    available: async () => true,
    open: async () => {
      const handle = await openDatabase({ pgliteMemory: true, counters });
      return { store: createSqlSessionStore(handle.db, { tables: handle.tables }), close: handle.close };
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
      return { store: createSqlSessionStore(handle.db, { tables: handle.tables }), close };
    },
  },
  {
    name: "Redis",
    available: redisAvailable,
    open: async () => {
      const redis = await openRedis(TEST_REDIS_URL);
      countRedisCommands(redis, counters);
      const run = `twostep-test-${randomUUID()}`;
      const close = async () => {
        const keys = await redis.keys(`${run}:*`);
        if (keys.length > 0) await redis.del(...keys);
        redis.disconnect();
      };
      return { store: createRedisSessionStore(redis, run), close };
    },
  },
];

describe.each(stores)("a pending session upgraded to a full one on $name", ({ available, open }) => {
  it("is gone once the full one exists, and the full one is live", async (context) => {
    if (!(await available())) return context.skip();
    const { store, close } = await open();
    try {
      const registry = createSessionRegistry({ store });
      // A first upgrade elsewhere, so the count below is the steady state (Redis has the script).
      const earlier = await registry.open({ userId: "u-0", stage: "pending", factor: null });
      await registry.replace(earlier.id, { userId: "u-0", stage: "full", factor: "sms" });
      const pending = await registry.open({ userId: "u-1", stage: "pending", factor: null });
      const other = await registry.open({ userId: "u-1", stage: "full", factor: "sms" });

      const before = roundTrips();
      const full = (await registry.replace(pending.id, { userId: "u-1", stage: "full", factor: "sms", ip: "203.0.113.9" }))!;
      expect(roundTrips() - before).toBe(1);

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
