import { and, desc, eq, sql } from "drizzle-orm";
import type { Database } from "./database.js";
import { tablesOf, type SqlAdapterOptions } from "./sql-options.js";
import { DELIVERY_STATUS_RANK } from "../../sms/delivery-status.js";
import type { SmsLog } from "../../ports/sms-log.js";

/** The SMS log in the `sms_messages` table (under the tables' prefix). */
export function createSqlSmsLog(db: Database, options: SqlAdapterOptions = {}): SmsLog {
  const { smsMessages } = tablesOf(options);
  return {
    async record(message) {
      await db.insert(smsMessages).values(message);
    },
    async statusOf(providerMessageId) {
      const [row] = await db
        .select({ status: smsMessages.status, errorCode: smsMessages.errorCode })
        .from(smsMessages)
        .where(eq(smsMessages.providerMessageId, providerMessageId))
        .limit(1);
      return row ?? null;
    },
    async advanceStatus(report) {
      // One conditional UPDATE: the rank check and the write are one statement, so two reports
      // racing each other can't both read "queued" and leave the older one on top.
      const advanced = await db
        .update(smsMessages)
        .set({ status: report.status, errorCode: report.errorCode, updatedAt: sql`now()` })
        .where(
          and(
            eq(smsMessages.providerMessageId, report.providerMessageId),
            sql`${statusRank} < ${sql.raw(String(DELIVERY_STATUS_RANK[report.status]))}`,
          ),
        )
        .returning({ id: smsMessages.id });
      if (advanced.length > 0) return "advanced";
      // Only tells the two no-ops apart for the caller's log; it changes nothing.
      const [known] = await db
        .select({ id: smsMessages.id })
        .from(smsMessages)
        .where(eq(smsMessages.providerMessageId, report.providerMessageId))
        .limit(1);
      return known ? "not_newer" : "unknown_message";
    },
    async outbox({ to, limit = 50 } = {}) {
      const rows = await db
        .select({ to: smsMessages.toE164, body: smsMessages.body, createdAt: smsMessages.createdAt })
        .from(smsMessages)
        .where(
          and(
            eq(smsMessages.provider, "outbox"),
            sql`${smsMessages.body} IS NOT NULL`,
            // A simulated undelivered, failed or still-queued message (test numbers) never reached the phone.
            eq(smsMessages.status, "delivered"),
            to ? eq(smsMessages.toE164, to) : undefined,
          ),
        )
        .orderBy(desc(smsMessages.createdAt), desc(sql`ctid`))
        .limit(Math.min(Math.max(limit, 1), 500));
      return rows.map((r) => ({ to: r.to, body: r.body ?? "", createdAt: r.createdAt }));
    },
  };
}

/**
 * The stored status's rank, from the same table as the code (constants only, so sql.raw is safe).
 * Anything unexpected in the column counts as final and is never overwritten.
 */
const statusRank = sql.raw(
  `(CASE "status" ${Object.entries(DELIVERY_STATUS_RANK)
    .map(([status, rank]) => `WHEN '${status}' THEN ${rank}`)
    .join(" ")} ELSE ${Math.max(...Object.values(DELIVERY_STATUS_RANK))} END)`,
);
