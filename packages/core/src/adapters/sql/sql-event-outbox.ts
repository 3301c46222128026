import { count, eq, sql } from "drizzle-orm";
import type { EventOutbox, OutboxEntry } from "../../ports/event-outbox.js";
import type { Database } from "./database.js";
import { queryRows } from "./database.js";
import type { SqlTables } from "./create-schema.js";
import { tablesOf, type SqlAdapterOptions } from "./sql-options.js";
import { tableSinkOf } from "./audit-sink.js";

/** Webhook deliveries in the `security_event_outbox` table (under the tables' prefix), shared by every instance. */
export function createSqlEventOutbox(db: Database, options: SqlAdapterOptions = {}): EventOutbox {
  return outboxIn(db, tablesOf(options).securityEventOutbox);
}

/** Security notices waiting for the mail server, in the `security_notice_outbox` table (same rules). */
export function createSqlNoticeOutbox(db: Database, options: SqlAdapterOptions = {}): EventOutbox {
  return outboxIn(db, tablesOf(options).securityNoticeOutbox);
}

type OutboxTable = SqlTables["securityEventOutbox"] | SqlTables["securityNoticeOutbox"];

function outboxIn(db: Database, outbox: OutboxTable): EventOutbox {
  return {
    sink: tableSinkOf(db, outbox),
    async add(entry) {
      await db.insert(outbox).values({ ...entry, attempts: 0 });
    },
    async claimDue(nowMs, leaseMs, limit) {
      // One statement: SKIP LOCKED lets two instances claim different rows instead of waiting on each other.
      const rows = await queryRows<{ id: string; body: string; attempts: number; created_at_ms: string | number }>(
        db,
        sql`UPDATE ${outbox} SET ${sql.identifier(outbox.nextAttemptAtMs.name)} = ${nowMs + leaseMs}
            WHERE ${outbox.id} IN (
              SELECT ${outbox.id} FROM ${outbox} WHERE ${outbox.nextAttemptAtMs} <= ${nowMs}
              ORDER BY ${outbox.createdAtMs} LIMIT ${limit} FOR UPDATE SKIP LOCKED)
            RETURNING ${outbox.id} AS id, ${outbox.body} AS body, ${outbox.attempts} AS attempts, ${outbox.createdAtMs} AS created_at_ms`,
      );
      return rows
        .sort((a, b) => Number(a.created_at_ms) - Number(b.created_at_ms))
        .map((row): OutboxEntry => ({ id: row.id, body: row.body, attempts: Number(row.attempts) }));
    },
    async delivered(id) {
      await db.delete(outbox).where(eq(outbox.id, id));
    },
    async retryAt(id, attempts, nextAttemptAtMs) {
      await db.update(outbox).set({ attempts, nextAttemptAtMs }).where(eq(outbox.id, id));
    },
    async drop(id) {
      await db.delete(outbox).where(eq(outbox.id, id));
    },
    async pending() {
      const [row] = await db.select({ n: count() }).from(outbox);
      return row?.n ?? 0;
    },
  };
}
