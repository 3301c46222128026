import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import * as schema from "./schema.js";
import type { Database, DatabaseHandle } from "./database.js";

export type DatabaseOptions =
  | { url: string; maxConnections?: number }
  | { pgliteDir: string }
  | { pgliteMemory: true };

/**
 * Folder of the committed drizzle-kit migrations, shipped inside the package and found relative to
 * this file (src/ and dist/ sit at the same depth), never through the host's working directory.
 * Hosts with their own migrator apply the plain SQL files there, in order. (Not
 * `new URL("…", import.meta.url)`: bundlers take that for an asset to bundle, and a folder isn't one.)
 */
export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "drizzle");

/**
 * Opens the database and applies pending migrations. The drivers are imported lazily, so a process
 * that uses PostgreSQL never loads PGlite's WASM and vice versa.
 */
export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if ("url" in options) {
    const { default: postgres } = await import("postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    const { migrate } = await import("drizzle-orm/postgres-js/migrator");
    const client = postgres(options.url, {
      // One connection holds the migration lock while another migrates, so never fewer than two.
      max: Math.max(options.maxConnections ?? 10, 2),
      onnotice: () => {},
      connect_timeout: 5,
    });
    const db = drizzle({ client, schema });
    // Two app instances starting together must not both run the same migration: the first holds
    // a session advisory lock on a reserved connection while it migrates, the second waits.
    const lockConnection = await client.reserve();
    try {
      await lockConnection`SELECT pg_advisory_lock(hashtext('twostep:migrations'))`;
      await migrate(db, { migrationsFolder: MIGRATIONS_DIR });
    } finally {
      await lockConnection`SELECT pg_advisory_unlock(hashtext('twostep:migrations'))`.catch(() => {});
      lockConnection.release();
    }
    return {
      db: db as unknown as Database,
      kind: "postgres",
      close: () => client.end({ timeout: 5 }),
    };
  }

  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  let dataDir: string | undefined;
  if ("pgliteDir" in options) {
    mkdirSync(options.pgliteDir, { recursive: true });
    dataDir = options.pgliteDir;
  }
  const client = new PGlite(dataDir);
  const db = drizzle({ client, schema });
  await migrate(db, { migrationsFolder: MIGRATIONS_DIR });
  return {
    db: db as unknown as Database,
    kind: "pglite",
    close: () => client.close(),
  };
}

/** A cheap liveness query, used by health checks and the benchmark's bare round trip. */
export async function pingDatabase(db: Database): Promise<void> {
  await db.execute(sql`SELECT 1`);
}
