import { sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { queryRows, type Database } from "./database.js";
import { renderMigrations } from "./render-migrations.js";

export type MigrateOptions = {
  /** Start of every twostep table, index and function name; "" (the default) keeps twostep's own. */
  tablePrefix?: string;
};

/** Where drizzle's migrator keeps its record; one table a prefix, so two installations can share a database. */
const MIGRATIONS_SCHEMA = "drizzle";
export const migrationsTableName = (tablePrefix: string) => `${tablePrefix}__drizzle_migrations`;

/**
 * Applies the committed migrations that this database lacks, under `tablePrefix`, in one
 * transaction. Records them the way drizzle's migrator does (with no prefix, in its very table), so
 * databases migrated by earlier versions carry on where they were.
 *
 * Two app instances starting together must not both run the same migration: the transaction first
 * takes an advisory lock named for the prefix, and only then reads what is applied, so the second
 * waits and then finds nothing left to do. With no prefix the lock is the one earlier versions took.
 */
/** Any Drizzle PostgreSQL database (postgres.js, PGlite, node-postgres), whatever its schema. */
export type MigratableDatabase = PgDatabase<PgQueryResultHKT, Record<string, unknown>>;

export async function migrate(db: MigratableDatabase, options: MigrateOptions = {}): Promise<void> {
  const tablePrefix = options.tablePrefix ?? "";
  const migrations = renderMigrations(tablePrefix);
  const lockName = tablePrefix === "" ? "twostep:migrations" : `twostep:migrations:${tablePrefix}`;
  const record = sql`${sql.identifier(MIGRATIONS_SCHEMA)}.${sql.identifier(migrationsTableName(tablePrefix))}`;
  // Concurrent CREATE SCHEMA IF NOT EXISTS can still collide, and installations under different
  // prefixes don't share the lock below: the shared schema gets its own short lock.
  await db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('twostep:migrations-schema'))`);
    await tx.execute(sql`CREATE SCHEMA IF NOT EXISTS ${sql.identifier(MIGRATIONS_SCHEMA)}`);
  });
  await db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${lockName}))`);
    await tx.execute(sql`CREATE TABLE IF NOT EXISTS ${record} (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint)`);
    const [last] = await queryRows<{ created_at: string | number | null }>(
      tx as unknown as Database,
      sql`SELECT created_at FROM ${record} ORDER BY created_at DESC LIMIT 1`,
    );
    const appliedUpTo = last ? Number(last.created_at) : -Infinity;
    for (const migration of migrations) {
      if (migration.createdAtMs <= appliedUpTo) continue;
      for (const statement of migration.statements) await tx.execute(sql.raw(statement));
      await tx.execute(sql`INSERT INTO ${record} (hash, created_at) VALUES (${migration.hash}, ${migration.createdAtMs})`);
    }
  });
}
