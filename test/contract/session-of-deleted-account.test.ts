// Threat: a session outlives its account. With twostep's own users (userMustExist), the session
// read is the only read a request makes to learn it is signed in, so that one statement must also
// refuse a session whose user row is gone, under a table prefix too.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createSessionRegistry } from "@twostep/core";
import { createSqlSessionStore, createUserRepository, openDatabase, type DatabaseHandle } from "@twostep/core/sql";
import { createStoreCounters } from "../../packages/core/src/adapters/store-counters";
import { createFreshDatabase } from "../support/fresh-database";
import { postgresAvailable } from "../support/services";

const databases = [
  { name: "PGlite", open: async () => ({ handle: await openDatabase({ pgliteMemory: true, counters }), drop: async () => {} }), available: async () => true },
  {
    name: "PGlite, tables under twostep_",
    open: async () => ({ handle: await openDatabase({ pgliteMemory: true, tablePrefix: "twostep_", counters }), drop: async () => {} }),
    available: async () => true,
  },
  {
    name: "PostgreSQL",
    open: async () => {
      const fresh = await createFreshDatabase();
      return { handle: await openDatabase({ url: fresh.url, counters }), drop: fresh.drop };
    },
    available: postgresAvailable,
  },
];
const counters = createStoreCounters();

describe.each(databases)("a deleted account's session on $name", ({ open, available }) => {
  async function withStores(run: (handle: DatabaseHandle) => Promise<void>) {
    const { handle, drop } = await open();
    try {
      await run(handle);
    } finally {
      await handle.close();
      await drop();
    }
  }

  it("reads as no session, in the one statement that reads the session", async (context) => {
    if (!(await available())) return context.skip();
    await withStores(async (handle) => {
      const users = createUserRepository(handle.db, { tables: handle.tables });
      const registry = createSessionRegistry({ store: createSqlSessionStore(handle.db, { tables: handle.tables, userMustExist: true }) });
      expect(registry.checksUser).toBe(true);
      const user = (await users.create({ email: "gone@example.com", passwordHash: "x" }))!;
      const session = await registry.open({ userId: user.id, stage: "full", factor: "sms" });

      const before = counters.statements;
      expect((await registry.check(session.id))?.userId).toBe(user.id);
      expect(counters.statements - before).toBe(1);

      await handle.db.delete(handle.tables.users).where(eq(handle.tables.users.id, user.id));
      expect(await registry.check(session.id)).toBeNull();
    });
  });

  it("is still read when the host keeps its users elsewhere (no userMustExist)", async (context) => {
    if (!(await available())) return context.skip();
    await withStores(async (handle) => {
      const registry = createSessionRegistry({ store: createSqlSessionStore(handle.db, { tables: handle.tables }) });
      expect(registry.checksUser).toBe(false);
      const session = await registry.open({ userId: "a-host-user-not-in-twostep-tables", stage: "full", factor: "sms" });
      expect((await registry.check(session.id))?.userId).toBe("a-host-user-not-in-twostep-tables");
    });
  });
});

