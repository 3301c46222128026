import { sql, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import { CHALLENGE_RETENTION_AFTER_EXPIRY_MS } from "../../challenge/challenge-retention.js";
import type { ExpiredData, ExpiredDataCounts } from "../../ports/expired-data.js";
import { queryRows, type Database } from "./database.js";
import { tablesOf, type SqlAdapterOptions } from "./sql-options.js";
import { DEV_MAIL_RETENTION_DAYS, SMS_LOG_RETENTION_DAYS_DEFAULT } from "../../retention/retention-policy.js";

const DAY_MS = 86_400_000;

export type SqlExpiredDataOptions = SqlAdapterOptions & {
  /** Days the SMS log keeps a message (default SMS_LOG_RETENTION_DAYS_DEFAULT, 90). */
  smsLogRetentionDays?: number;
};

/**
 * The expired rows of twostep's SQL tables, deleted in one statement a batch: each kind by its
 * `expires_at_ms` index (migrations 0017 and 0018), oldest first, so a backlog after a long pause is worked
 * off in short transactions instead of one that locks thousands of rows.
 */
export function createSqlExpiredData(db: Database, options: SqlExpiredDataOptions = {}): ExpiredData {
  const { signUpRequests, passwordResets, sessions, trustedDevices, challenges, smsMessages, mailOutbox } = tablesOf(options);
  const smsLogMs = (options.smsLogRetentionDays ?? SMS_LOG_RETENTION_DAYS_DEFAULT) * DAY_MS;
  return {
    async sweep(nowMs, batch) {
      const now = sql`${nowMs}::bigint`;
      const limit = sql`${Math.max(1, Math.floor(batch))}::int`;
      const [row] = await queryRows<Record<keyof ExpiredDataCounts, number>>(
        db,
        sql`
          WITH sign_up AS (${expired(signUpRequests, [signUpRequests.id], sql`${signUpRequests.expiresAtMs} <= ${now}`, signUpRequests.expiresAtMs, limit)}),
               reset AS (${expired(passwordResets, [passwordResets.id], sql`(${passwordResets.expiresAtMs} <= ${now} OR ${passwordResets.usedAtMs} IS NOT NULL)`, passwordResets.expiresAtMs, limit)}),
               session AS (${expired(sessions, [sessions.id], sql`${sessions.expiresAtMs} <= ${now}`, sessions.expiresAtMs, limit)}),
               trusted AS (${expired(trustedDevices, [trustedDevices.id], sql`${trustedDevices.expiresAtMs} <= ${now}`, trustedDevices.expiresAtMs, limit)}),
               -- A challenge is known for an hour past its code's end (challenge-retention.ts), then it is none.
               challenge AS (${expired(challenges, [challenges.userId, challenges.purpose], sql`${challenges.expiresAtMs} <= ${sql`${nowMs - CHALLENGE_RETENTION_AFTER_EXPIRY_MS}::bigint`}`, challenges.expiresAtMs, limit)}),
               -- The SMS log is stamped by the database's clock, the rest by the core's.
               sms AS (${expired(smsMessages, [smsMessages.id], sql`${smsMessages.createdAt} <= to_timestamp(${nowMs - smsLogMs}::double precision / 1000)`, smsMessages.createdAt, limit)}),
               mail AS (${expired(mailOutbox, [mailOutbox.id], sql`${mailOutbox.createdAtMs} <= ${nowMs - DEV_MAIL_RETENTION_DAYS * DAY_MS}::bigint`, mailOutbox.createdAtMs, limit)})
          SELECT (SELECT count(*) FROM sign_up)::int AS "signUpRequests",
                 (SELECT count(*) FROM reset)::int AS "passwordResets",
                 (SELECT count(*) FROM session)::int AS "sessions",
                 (SELECT count(*) FROM trusted)::int AS "trustedDevices",
                 (SELECT count(*) FROM challenge)::int AS "challenges",
                 (SELECT count(*) FROM sms)::int AS "smsMessages",
                 (SELECT count(*) FROM mail)::int AS "devMail"`,
      );
      return {
        signUpRequests: Number(row?.signUpRequests ?? 0),
        passwordResets: Number(row?.passwordResets ?? 0),
        sessions: Number(row?.sessions ?? 0),
        trustedDevices: Number(row?.trustedDevices ?? 0),
        challenges: Number(row?.challenges ?? 0),
        smsMessages: Number(row?.smsMessages ?? 0),
        devMail: Number(row?.devMail ?? 0),
      };
    },
  };
}

/**
 * `DELETE … RETURNING 1` of at most `limit` rows matching `where`, the longest expired first; `id`
 * is the row's key (its columns). `where` is asked again of the row being deleted:
 * a row rewritten meanwhile (a new code saved over an old challenge) is judged as it is now, not
 * as the batch's read saw it, so a fresh code is never swept with its predecessor.
 */
function expired(table: PgTable, key: PgColumn[], where: SQL, order: PgColumn, limit: SQL): SQL {
  const columns = sql.join(key, sql`, `);
  return sql`DELETE FROM ${table} WHERE (${columns}) IN (SELECT ${columns} FROM ${table} WHERE ${where} ORDER BY ${order} LIMIT ${limit}) AND ${where} RETURNING 1`;
}
