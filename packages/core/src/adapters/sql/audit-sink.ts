import type { Database } from "./database.js";
import type { SqlTables } from "./create-schema.js";

const sinks = new WeakMap<Database, WeakMap<SqlTables["auditEvents"], object>>();

/**
 * One identity per (database, audit table): the SQL audit log and the SQL challenge store's
 * one-step check name the same one exactly when they write the same rows (AuditLog.sink).
 */
export function auditSinkOf(db: Database, table: SqlTables["auditEvents"]): object {
  let byTable = sinks.get(db);
  if (!byTable) sinks.set(db, (byTable = new WeakMap()));
  let sink = byTable.get(table);
  if (!sink) byTable.set(table, (sink = Object.freeze({ store: "sql" })));
  return sink;
}
