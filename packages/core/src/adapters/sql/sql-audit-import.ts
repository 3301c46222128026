import { auditSinkOf } from "./audit-sink.js";
import type { Database } from "./database.js";
import { tablesOf, type SqlAdapterOptions } from "./sql-options.js";
import type { StoredAuditEvent } from "../../ports/audit-log.js";

/**
 * Events recorded elsewhere first (the Redis check's audit stream), written into the audit log's
 * table with their own ids and times. ON CONFLICT DO NOTHING on the id makes a repeated batch a
 * no-op, which is what lets the Redis mover retry without doubling a row. Its `sink` is the
 * audit log's own (createSqlAuditLog on the same database and tables).
 */
export function createSqlAuditImport(db: Database, options: SqlAdapterOptions = {}) {
  const { auditEvents } = tablesOf(options);
  return {
    sink: auditSinkOf(db, auditEvents),
    async insertOnce(rows: StoredAuditEvent[]): Promise<void> {
      if (rows.length === 0) return;
      await db
        .insert(auditEvents)
        .values(rows.map((r) => ({ id: r.id, userId: r.userId, type: r.type, ip: r.ip ?? null, detail: r.detail ?? {}, createdAt: r.createdAt })))
        .onConflictDoNothing({ target: auditEvents.id });
    },
  };
}
