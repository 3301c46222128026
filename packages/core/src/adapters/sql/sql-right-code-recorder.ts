import { sql } from "drizzle-orm";
import { PUMPING_STATS_BUCKET_SECONDS } from "../../policy.js";
import { StoreUnavailableError, withinStoreDeadline } from "../../ports/challenge-store.js";
import type { RightCodeRecorder } from "../../ports/right-code-recorder.js";
import { auditSinkOf, tableSinkOf } from "./audit-sink.js";
import type { Database } from "./database.js";
import { tablesOf, type SqlAdapterOptions } from "./sql-options.js";
import { recordRightCodeFunctionName } from "./table-prefix.js";

/**
 * A right code's SQL aftermath as one statement, twostep_record_right_code() (drizzle/0013): the
 * events (judged on `onlyAfter` first), their notices' outbox rows and the pumping guard's count,
 * for a state store whose check runs elsewhere (Redis). It writes the audit log, the pumping
 * store's counters and the notice outbox of the same database and tables, and names them so.
 */
export function createSqlRightCodeRecorder(db: Database, options: SqlAdapterOptions = {}): RightCodeRecorder {
  const tables = tablesOf(options);
  const recordFunction = recordRightCodeFunctionName(tables.tablePrefix);
  const p = sql.placeholder;
  // Prepared once, like the check's own statement (sql-challenge-store.ts): no parameter-type round trip.
  const recordStatement = db
    .select({ r_skipped: sql<unknown>`r_skipped` })
    .from(
      sql`${sql.identifier(recordFunction)}(${p("userId")}, ${p("ip")}::text, ${p("nowMs")}::bigint, ${p("checkLogged")}::boolean,
        ${p("events")}::jsonb, ${p("callingCode")}::text, ${p("statsBucketMs")}::bigint)`,
    )
    .prepare(recordFunction);

  return {
    auditSink: auditSinkOf(db, tables.auditEvents),
    countrySink: tableSinkOf(db, tables.smsCountryStats),
    noticeSink: tableSinkOf(db, tables.securityNoticeOutbox),
    async record({ userId, ip, nowMs, checkLogged, events, conversionCallingCode }) {
      try {
        const [row] = await withinStoreDeadline(
          recordStatement.execute({
            userId,
            ip,
            nowMs,
            checkLogged,
            events: JSON.stringify(events),
            callingCode: conversionCallingCode,
            statsBucketMs: PUMPING_STATS_BUCKET_SECONDS * 1000,
          }),
        );
        const skipped = new Set(jsonArray(row?.r_skipped).map(Number));
        return { recorded: events.filter((_, i) => !skipped.has(i)) };
      } catch (error) {
        // Never the driver's error itself: its message holds the parameters (the events' details).
        throw new StoreUnavailableError("sql", error);
      }
    },
  };
}

/** A jsonb column as the driver hands it: postgres.js parses it, PGlite too; a string is parsed here. */
function jsonArray(value: unknown): unknown[] {
  const parsed: unknown = typeof value === "string" ? JSON.parse(value) : value;
  return Array.isArray(parsed) ? parsed : [];
}
