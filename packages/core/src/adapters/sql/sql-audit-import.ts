import { getTableName, sql } from "drizzle-orm";
import { auditSinkOf } from "./audit-sink.js";
import type { Database } from "./database.js";
import { tablesOf, type SqlAdapterOptions } from "./sql-options.js";
import type { StoredAuditEvent } from "../../ports/audit-log.js";

/**
 * Events recorded elsewhere first (the Redis check's audit stream), written into the audit log's
 * table with their own ids and times. ON CONFLICT DO NOTHING on the id makes a repeated batch a
 * no-op, which is what lets the Redis mover retry without doubling a row. Its `sink` is the
 * audit log's own (createSqlAuditLog on the same database and tables).
 *
 * A batch travels as one JSON parameter that the database unpacks (jsonb_to_recordset): a
 * multi-row VALUES of 200 rows is 1,200 parameters for the query builder and the driver to
 * handle, which cost the app more CPU than the Redis checks whose rows they are.
 */
export function createSqlAuditImport(db: Database, options: SqlAdapterOptions = {}) {
  const { auditEvents } = tablesOf(options);
  const table = sql.identifier(getTableName(auditEvents));
  return {
    sink: auditSinkOf(db, auditEvents),
    async insertOnce(rows: StoredAuditEvent[]): Promise<void> {
      if (rows.length === 0) return;
      const batch = JSON.stringify(
        rows.map((r) => ({ id: r.id, user_id: r.userId, type: r.type, ip: r.ip ?? null, detail: r.detail ?? {}, created_at: r.createdAt.toISOString() })),
      );
      await db.execute(sql`INSERT INTO ${table} (id, user_id, type, ip, detail, created_at)
        SELECT r.id, r.user_id, r.type, r.ip, r.detail, r.created_at
        FROM jsonb_to_recordset(${batch}::jsonb) AS r(id text, user_id text, type text, ip text, detail jsonb, created_at timestamptz)
        ON CONFLICT (id) DO NOTHING`);
    },
  };
}
