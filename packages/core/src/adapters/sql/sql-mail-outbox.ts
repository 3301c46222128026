import { randomUUID } from "node:crypto";
import { desc, sql } from "drizzle-orm";
import type { Logger } from "../../log/logger.js";
import type { MailSender, MailToSend } from "../../ports/mail-sender.js";
import type { Database } from "./database.js";
import { tablesOf, type SqlAdapterOptions } from "./sql-options.js";

/** One mail the dev outbox kept, as /dev/mail and /api/dev/mail show it. */
export type StoredMail = MailToSend & { createdAt: Date };

export type SqlMailOutbox = MailSender & {
  readonly provider: "outbox";
  /** What was "sent", newest first (at most 200); `to`: only to that address (any case). */
  recent(limit?: number, to?: string): Promise<StoredMail[]>;
};

const RECENT_MAX = 200;

/**
 * The dev mail outbox: mail is stored in the `mail_outbox` table instead of sent, for a page to
 * show. Used without SMTP outside production, or on a staging deployment that opted in
 * (config/mail-config.ts), where only an OUTBOX_TOKEN holder may read it.
 */
export function createSqlMailOutbox(db: Database, options: SqlAdapterOptions & { logger: Logger; now?: () => number }): SqlMailOutbox {
  const { mailOutbox } = tablesOf(options);
  const now = options.now ?? Date.now;
  // Newest first must hold for two mails of one instance in the same millisecond (a test reads the latest link).
  let lastCreatedAtMs = 0;
  return {
    provider: "outbox",
    async send(mail) {
      lastCreatedAtMs = Math.max(now(), lastCreatedAtMs + 1);
      await db.insert(mailOutbox).values({ id: randomUUID(), toAddress: mail.to, subject: mail.subject, body: mail.text, kind: mail.kind, createdAtMs: lastCreatedAtMs });
      options.logger.info({ kind: mail.kind }, "mail kept in the dev mail outbox (/dev/mail), not sent");
    },
    async recent(limit = 50, to) {
      const rows = await db
        .select()
        .from(mailOutbox)
        // An address's own mails, however many others came since (a busy test server).
        .where(to === undefined ? undefined : sql`lower(${mailOutbox.toAddress}) = ${to.trim().toLowerCase()}`)
        .orderBy(desc(mailOutbox.createdAtMs), desc(mailOutbox.id))
        .limit(Math.max(1, Math.min(Math.floor(limit), RECENT_MAX)));
      return rows.map((r) => ({ to: r.toAddress, subject: r.subject, text: r.body, kind: r.kind as MailToSend["kind"], createdAt: new Date(r.createdAtMs) }));
    },
  };
}
