import { randomUUID } from "node:crypto";
import { desc, eq } from "drizzle-orm";
import { auditSinkOf } from "./audit-sink.js";
import type { Database } from "./database.js";
import { tablesOf, type SqlAdapterOptions } from "./sql-options.js";
import type { AuditEventType, AuditLog } from "../../ports/audit-log.js";

/** Security events in the `audit_events` table (under the tables' prefix). */
export function createSqlAuditLog(db: Database, options: SqlAdapterOptions = {}): AuditLog {
  const { auditEvents } = tablesOf(options);
  return {
    sink: auditSinkOf(db, auditEvents),
    async record(event) {
      await db.insert(auditEvents).values({
        id: randomUUID(),
        userId: event.userId,
        type: event.type,
        ip: event.ip ?? null,
        detail: event.detail ?? {},
      });
    },
    async recentForUser(userId, limit = 20) {
      const rows = await db
        .select()
        .from(auditEvents)
        .where(eq(auditEvents.userId, userId))
        .orderBy(desc(auditEvents.createdAt))
        .limit(Math.min(limit, 200));
      return rows.map((r) => ({ ...r, type: r.type as AuditEventType }));
    },
  };
}
