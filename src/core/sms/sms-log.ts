import { and, desc, eq, sql } from "drizzle-orm";
import type { Database } from "../db/database";
import { smsMessages } from "../db/schema";

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
  /** Outbox messages, newest first, optionally to one number. */
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
    async outbox({ to, limit = 50 } = {}) {
      const rows = await db
        .select({ to: smsMessages.toE164, body: smsMessages.body, createdAt: smsMessages.createdAt })
        .from(smsMessages)
        .where(
          and(
            eq(smsMessages.provider, "outbox"),
            sql`${smsMessages.body} IS NOT NULL`,
            to ? eq(smsMessages.toE164, to) : undefined,
          ),
        )
        .orderBy(desc(smsMessages.createdAt), desc(sql`ctid`))
        .limit(Math.min(Math.max(limit, 1), 500));
      return rows.map((r) => ({ to: r.to, body: r.body ?? "", createdAt: r.createdAt }));
    },
  };
}
