import { sql, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import { CHALLENGE_RETENTION_AFTER_EXPIRY_MS } from "../../challenge/challenge-retention.js";
import type { ExpiredData, ExpiredDataCounts } from "../../ports/expired-data.js";
import { DEV_MAIL_RETENTION_DAYS, SMS_LOG_RETENTION_DAYS_DEFAULT } from "../../retention/retention-policy.js";
import { queryRows, type Database } from "./database.js";
import { tablesOf, type SqlAdapterOptions } from "./sql-options.js";

const DAY_MS = 86_400_000;

export type SqlExpiredDataOptions = SqlAdapterOptions & {
  /** Days the SMS log keeps a message (default SMS_LOG_RETENTION_DAYS_DEFAULT, 90). */
  smsLogRetentionDays?: number;
};

/** One kind of record the sweep deletes: its table, its key, when a row is done, and the index order. */
type Kind = { table: PgTable; key: PgColumn[]; done: SQL; oldestFirst: PgColumn };

/**
 * The expired rows of twostep's SQL tables, deleted in one statement a batch: each kind by the
 * index on its end or its age (migrations 0017 and 0018), oldest first, so a backlog after a long
 * pause is worked off in short transactions instead of one that locks thousands of rows.
 */
export function createSqlExpiredData(db: Database, options: SqlExpiredDataOptions = {}): ExpiredData {
  const tables = tablesOf(options);
  const smsLogMs = (options.smsLogRetentionDays ?? SMS_LOG_RETENTION_DAYS_DEFAULT) * DAY_MS;

  function kinds(nowMs: number): Record<keyof ExpiredDataCounts, Kind> {
    const { signUpRequests: signUp, passwordResets: reset, sessions, trustedDevices: trusted, challenges, smsMessages: sms, mailOutbox: mail } = tables;
    return {
      signUpRequests: { table: signUp, key: [signUp.id], done: sql`${signUp.expiresAtMs} <= ${nowMs}::bigint`, oldestFirst: signUp.expiresAtMs },
      passwordResets: { table: reset, key: [reset.id], done: sql`(${reset.expiresAtMs} <= ${nowMs}::bigint OR ${reset.usedAtMs} IS NOT NULL)`, oldestFirst: reset.expiresAtMs },
      sessions: { table: sessions, key: [sessions.id], done: sql`${sessions.expiresAtMs} <= ${nowMs}::bigint`, oldestFirst: sessions.expiresAtMs },
      trustedDevices: { table: trusted, key: [trusted.id], done: sql`${trusted.expiresAtMs} <= ${nowMs}::bigint`, oldestFirst: trusted.expiresAtMs },
      // A challenge is known for an hour past its code's end (challenge-retention.ts), then it is none.
      challenges: {
        table: challenges,
        key: [challenges.userId, challenges.purpose],
        done: sql`${challenges.expiresAtMs} <= ${nowMs - CHALLENGE_RETENTION_AFTER_EXPIRY_MS}::bigint`,
        oldestFirst: challenges.expiresAtMs,
      },
      // The SMS log is stamped by the database's clock, the rest by the core's.
      smsMessages: { table: sms, key: [sms.id], done: sql`${sms.createdAt} <= to_timestamp(${nowMs - smsLogMs}::double precision / 1000)`, oldestFirst: sms.createdAt },
      devMail: { table: mail, key: [mail.id], done: sql`${mail.createdAtMs} <= ${nowMs - DEV_MAIL_RETENTION_DAYS * DAY_MS}::bigint`, oldestFirst: mail.createdAtMs },
    };
  }

  return {
    async sweep(nowMs, batch) {
      const limit = Math.max(1, Math.floor(batch));
      const each = Object.entries(kinds(nowMs)) as [keyof ExpiredDataCounts, Kind][];
      const deletes = sql.join(
        each.map(([name, kind]) => sql`${sql.identifier(name)} AS (${deleteDone(kind, limit)})`),
        sql`, `,
      );
      const counts = sql.join(
        each.map(([name]) => sql`(SELECT count(*) FROM ${sql.identifier(name)})::int AS ${sql.identifier(name)}`),
        sql`, `,
      );
      const [row] = await queryRows<Record<keyof ExpiredDataCounts, number>>(db, sql`WITH ${deletes} SELECT ${counts}`);
      return Object.fromEntries(each.map(([name]) => [name, Number(row?.[name] ?? 0)])) as ExpiredDataCounts;
    },
  };
}

/**
 * `DELETE … RETURNING 1` of at most `limit` done rows, the oldest first. `done` is asked again of
 * the row being deleted: a row rewritten meanwhile (a new code saved over an old challenge) is
 * judged as it is now, not as the batch's read saw it, so a fresh code is never swept with its
 * predecessor.
 */
function deleteDone(kind: Kind, limit: number): SQL {
  const key = sql.join(kind.key, sql`, `);
  return sql`DELETE FROM ${kind.table} WHERE (${key}) IN (
    SELECT ${key} FROM ${kind.table} WHERE ${kind.done} ORDER BY ${kind.oldestFirst} LIMIT ${limit}::int
  ) AND ${kind.done} RETURNING 1`;
}
