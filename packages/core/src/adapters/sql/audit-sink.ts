import type { Database } from "./database.js";
import type { SqlTables } from "./create-schema.js";

const sinks = new WeakMap<Database, WeakMap<object, object>>();

/**
 * One identity per (database, table): two adapters name the same one exactly when they write the
 * same rows. The SQL audit log and the one-step check (AuditLog.sink, OneStepCheck.auditSink), the
 * pumping store and the check's country count, the notice outbox and the check's queued notices.
 */
export function tableSinkOf(db: Database, table: object): object {
  let byTable = sinks.get(db);
  if (!byTable) sinks.set(db, (byTable = new WeakMap()));
  let sink = byTable.get(table);
  if (!sink) byTable.set(table, (sink = Object.freeze({ store: "sql" })));
  return sink;
}

export const auditSinkOf = (db: Database, table: SqlTables["auditEvents"]): object => tableSinkOf(db, table);
