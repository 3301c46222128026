import { randomUUID } from "node:crypto";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { auditSinkOf } from "./audit-sink.js";
import type { Database } from "./database.js";
import { tablesOf, type SqlAdapterOptions } from "./sql-options.js";
import type { AuditEventType, AuditLog } from "../../ports/audit-log.js";

const PAGE_LIMIT_MAX = 200;

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
        .limit(Math.min(limit, PAGE_LIMIT_MAX));
      return rows.map((r) => ({ ...r, type: r.type as AuditEventType }));
    },
    async pageForUser(userId, { limit, after, types }) {
      const size = Math.max(1, Math.min(Math.floor(limit), PAGE_LIMIT_MAX));
      if (types?.length === 0) return { events: [], next: null };
      // The cursor is the id of the page's last event; its own row gives the position, so the
      // comparison uses the stored microseconds (a JS Date keeps only milliseconds and would skip
      // an event recorded in the same millisecond). A cursor of another user's event matches nothing.
      const older = after === undefined ? undefined : sql`(${auditEvents.createdAt}, ${auditEvents.id}) < (
        select c.created_at, c.id from ${auditEvents} c where c.id = ${after} and c.user_id = ${userId})`;
      const rows = await db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.userId, userId), types ? inArray(auditEvents.type, [...types]) : undefined, older))
        .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
        .limit(size + 1);
      const events = rows.slice(0, size).map((r) => ({ ...r, type: r.type as AuditEventType }));
      return { events, next: rows.length > size ? events[events.length - 1]!.id : null };
    },
  };
}
