import { mkdirSync } from "node:fs";
import { sql } from "drizzle-orm";
import { createSchema, type SqlTables } from "./create-schema.js";
import type { Database, DatabaseHandle } from "./database.js";
import { migrate } from "./migrate.js";
import { assertTablePrefix } from "./table-prefix.js";
import { createStallGuard, isMultiHostUrl } from "./stalled-connection.js";
import { countStatement, countTransaction, type StoreCounters } from "../store-counters.js";

export { MIGRATIONS_DIR } from "./migrations-dir.js";

export type DatabaseOptions = (
  | { url: string; maxConnections?: number }
  | { pgliteDir: string }
  | { pgliteMemory: true }
) & {
  /**
   * Start of every twostep table, index and function name, e.g. "twostep_", for a database the
   * host shares with its own tables. "" (the default) keeps twostep's own names (`users`, …).
   */
  tablePrefix?: string;
  /**
   * false when the host applies twostep's SQL with its own migrator (renderMigrationSql, the
   * twostep-sql bin); openDatabase then only connects. Default true.
   */
  migrate?: boolean;
  /** Counts every statement sent (for the benchmark); absent, nothing is counted. */
  counters?: StoreCounters;
};

/**
 * Opens the database and applies pending migrations. The drivers are imported lazily, so a process
 * that uses PostgreSQL never loads PGlite's WASM and vice versa.
 */
export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  const tablePrefix = options.tablePrefix ?? "";
  assertTablePrefix(tablePrefix);
  const tables = createSchema(tablePrefix);
  const stallGuard = createStallGuard();
  const opened = "url" in options ? await openPostgres(options, tables, stallGuard) : await openPglite(options, tables);
  if (options.migrate !== false) {
    try {
      await migrate(opened.db, { tablePrefix });
    } catch (error) {
      await opened.close().catch(() => {});
      throw error;
    }
  }
  // From here on a statement left unanswered drops its connection (stalled-connection.ts).
  stallGuard.arm();
  return opened;
}

async function openPostgres(options: { url: string; maxConnections?: number; counters?: StoreCounters }, tables: SqlTables, stallGuard: ReturnType<typeof createStallGuard>): Promise<DatabaseHandle> {
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const { counters } = options;
  const client = postgres(options.url, {
    max: options.maxConnections ?? 10,
    onnotice: () => {},
    connect_timeout: 5,
    // Not part of postgres.js's typings, but its documented way to supply the socket. A multi-host
    // URL keeps postgres.js's own sockets (it rotates hosts itself); store calls still have the
    // core's deadline (withinStoreDeadline).
    ...(isMultiHostUrl(options.url) ? {} : ({ socket: stallGuard.socket } as object)),
  });
  // Not postgres.js's `debug` hook: with it on, query errors carry their parameters as enumerable fields.
  if (counters) countTransactions(client, "begin", counters);
  const db = drizzle({ client, schema: tables, ...statementLogger(counters) });
  return {
    db: db as unknown as Database,
    kind: "postgres",
    tables,
    close: () => client.end({ timeout: 5 }),
  };
}

async function openPglite(options: ({ pgliteDir: string } | { pgliteMemory: true }) & { counters?: StoreCounters }, tables: SqlTables): Promise<DatabaseHandle> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  let dataDir: string | undefined;
  if ("pgliteDir" in options) {
    mkdirSync(options.pgliteDir, { recursive: true });
    dataDir = options.pgliteDir;
  }
  const client = new PGlite(dataDir);
  const { counters } = options;
  if (counters) countTransactions(client, "transaction", counters);
  const db = drizzle({ client, schema: tables, ...statementLogger(counters) });
  return {
    db: db as unknown as Database,
    kind: "pglite",
    tables,
    close: () => client.close(),
  };
}

/** Drizzle logs every statement it sends, prepared ones each time they run: a counter, not a log line. */
function statementLogger(counters: StoreCounters | undefined) {
  return counters ? { logger: { logQuery: (query: string) => countStatement(counters, query) } } : {};
}

/** Drizzle opens transactions through the driver, past its logger: BEGIN and COMMIT counted here. */
function countTransactions<K extends string>(client: Record<K, unknown>, method: K, counters: StoreCounters): void {
  const open = client[method] as (...args: unknown[]) => unknown;
  client[method] = ((...args: unknown[]) => {
    countTransaction(counters);
    return open.apply(client, args);
  }) as Record<K, unknown>[K];
}

/** A cheap liveness query, used by health checks and the benchmark's bare round trip. */
export async function pingDatabase(db: Database): Promise<void> {
  await db.execute(sql`SELECT 1`);
}
