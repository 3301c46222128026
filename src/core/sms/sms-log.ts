import { and, desc, eq, sql } from "drizzle-orm";
import type { Database } from "../db/database";
import { smsMessages } from "../db/schema";
import { DELIVERY_STATUS_RANK, type AdvanceOutcome, type DeliveryReport } from "./delivery-status";

export type SmsRecord = {
  id: string;
  provider: "plivo" | "outbox";
  providerMessageId: string | null;
  toE164: string;
  countryCallingCode: string | null;
  /** Only for the outbox; real sends never keep the text (it holds the code). */
  body: string | null;
  status: string;
  errorCode: string | null;
  challengeId: string | null;
  purpose: string | null;
  userId: string | null;
};

export type OutboxMessage = { to: string; body: string; createdAt: Date };

/** Every SMS we tried to send, and the outbox's copies of the texts. */
export interface SmsLog {
  record(message: SmsRecord): Promise<void>;
  /** The latest known delivery status of the message with this provider id. */
  statusOf(providerMessageId: string): Promise<{ status: string; errorCode: string | null } | null>;
  /**
   * Applies a delivery report: moves the status forward, never back, never from one final status
   * to another (delivery-status.ts). Provider callbacks and simulated test-number outcomes both
   * come through here.
   */
  advanceStatus(report: DeliveryReport): Promise<AdvanceOutcome>;
  /** Outbox messages that reached the (simulated) phone, i.e. status "delivered"; newest first, optionally to one number. */
  outbox(options?: { to?: string; limit?: number }): Promise<OutboxMessage[]>;
}

export function createSqlSmsLog(db: Database): SmsLog {
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
