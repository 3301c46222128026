// Behaviour: databases migrated before table prefixes existed (by drizzle's own migrator) keep
// working: migrate() with no prefix finds its record where drizzle left it and runs nothing
// again, and several instances starting at once on a new database migrate it exactly once.
import { randomUUID } from "node:crypto";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate as drizzleMigrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { createSqlStateStore, MIGRATIONS_DIR, migrate, openDatabase, renderMigrationSql } from "@twostep/core/sql";
import { createFreshDatabase } from "../support/fresh-database";
import { postgresAvailable } from "../support/services";

const LOCKOUT = { thresholdFailures: 10, baseLockMs: 60_000, maxLockMs: 86_400_000, failureMemoryMs: 86_400_000 };

async function recorded(url: string, table: string): Promise<number> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await client.unsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM drizzle."${table}"`);
    return row?.n ?? 0;
  } finally {
    await client.end();
  }
}

/** Every committed migration, each recorded once. */
const COMMITTED = renderMigrationSql().length;

describe("migrate() on databases made before table prefixes", async () => {
  const run = await postgresAvailable();

  it.runIf(run)("carries on from drizzle's own record without re-running a migration", async () => {
    const fresh = await createFreshDatabase();
    const client = postgres(fresh.url, { max: 2, onnotice: () => {} });
    try {
      await drizzleMigrate(drizzle({ client }), { migrationsFolder: MIGRATIONS_DIR });
      // A re-run of 0000 would fail on CREATE TABLE "users": passing means nothing ran twice.
      await migrate(drizzle({ client }));
      expect(await recorded(fresh.url, "__drizzle_migrations")).toBe(COMMITTED);

      const handle = await openDatabase({ url: fresh.url });
      try {
        const store = createSqlStateStore(handle.db);
        const userId = `user-${randomUUID()}`;
        await store.challenges.save({
          id: randomUUID(), userId, purpose: "sign_in", phoneE164: "+12015550123", codeHash: "11".repeat(32),
          maxAttempts: 5, expiresAtMs: Date.now() + 300_000, sentAtMs: Date.now(), messageId: null,
        });
        expect(await store.challenges.verify({ userId, purpose: "sign_in", codeHash: "11".repeat(32), nowMs: Date.now(), lockout: LOCKOUT }))
          .toMatchObject({ outcome: "ok" });
      } finally {
        await handle.close();
      }
    } finally {
      await client.end();
      await fresh.drop();
    }
  });

  it.runIf(run)("migrates a new database once when four instances start together", async () => {
    const fresh = await createFreshDatabase();
    try {
      const handles = await Promise.all(
        Array.from({ length: 4 }, () => openDatabase({ url: fresh.url, tablePrefix: "twostep_", maxConnections: 1 })),
      );
      await Promise.all(handles.map((h) => h.close()));
      expect(await recorded(fresh.url, "twostep___drizzle_migrations")).toBe(COMMITTED);
    } finally {
      await fresh.drop();
    }
  });
});
