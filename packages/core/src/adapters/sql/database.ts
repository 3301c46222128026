import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { SQL } from "drizzle-orm";
import type * as schema from "./schema.js";
import type { SqlTables } from "./create-schema.js";

/** Drizzle over either driver; code above this line never knows which one it got. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export type DatabaseHandle = {
  db: Database;
  /** "pglite" (embedded, one instance per process) or "postgres" (a server). */
  kind: "pglite" | "postgres";
  /** The tables under the prefix it was opened with: hand them to the createSql… factories. */
  tables: SqlTables;
  close(): Promise<void>;
};

/**
 * Raw statements return `{ rows }` on PGlite and an array on postgres.js; this gives rows either way.
 */
export async function queryRows<Row>(db: Database, statement: SQL): Promise<Row[]> {
  const result: unknown = await db.execute(statement);
  if (Array.isArray(result)) return result as Row[];
  return ((result as { rows?: Row[] }).rows ?? []) as Row[];
}
