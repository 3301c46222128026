import { and, desc, eq, exists, getTableName, lte, ne, sql } from "drizzle-orm";
import type { SessionRecord, SessionStage, SessionStore } from "../../ports/session-store.js";
import type { Database } from "./database.js";
import { tablesOf, type SqlAdapterOptions } from "./sql-options.js";

export type SqlSessionStoreOptions = SqlAdapterOptions & {
  /**
   * True when the users are twostep's own (the `users` table of these same tables, as with
   * createTwoStepFromConfig): a session whose user row is gone then reads as no session, in the
   * same statement as the session itself, so a request needs no second read to learn that its
   * account still exists (`checksUser`). Leave it off when the host keeps its users elsewhere.
   */
  userMustExist?: boolean;
};

/** Session records in the `sessions` table (under the tables' prefix); every call is one statement. */
export function createSqlSessionStore(db: Database, options: SqlSessionStoreOptions = {}): SessionStore {
  const { sessions, users } = tablesOf(options);
  const toRecord = (row: typeof sessions.$inferSelect): SessionRecord => ({ ...row, stage: row.stage as SessionStage });
  const userMustExist = options.userMustExist === true;
  const ofLiveUser = exists(db.select({ one: sql`1` }).from(users).where(eq(users.id, sessions.userId)));
  // Read on every signed-in request: prepared once, so neither drizzle builds the query again nor
  // the driver parses it again each time (a statement's name is per table, so prefixes don't clash).
  const byId = eq(sessions.id, sql.placeholder("id"));
  const getStatement = db
    .select()
    .from(sessions)
    .where(userMustExist ? and(byId, ofLiveUser) : byId)
    .limit(1)
    .prepare(`${getTableName(sessions)}_get${userMustExist ? "_live" : ""}`);
  return {
    checksUser: userMustExist,
    async insert(record) {
      await db.insert(sessions).values(record);
    },
    async replace(endId, record) {
      // One statement: the pending row is deleted only if it is this user's and pending, and the
      // full row inserted only if that delete found it. A row ended meanwhile inserts nothing; of
      // two upgrades racing for one row, the second waits on the first's delete and finds none.
      const ended = db
        .$with("ended")
        .as(
          db
            .delete(sessions)
            .where(and(eq(sessions.id, endId), eq(sessions.userId, record.userId), eq(sessions.stage, "pending")))
            .returning({ id: sessions.id }),
        );
      // Typed, as the select list of an INSERT … SELECT gives its parameters no type of their own.
      const row = {
        id: sql<string>`${record.id}::text`.as("id"),
        userId: sql<string>`${record.userId}::text`.as("user_id"),
        stage: sql<string>`${record.stage}::text`.as("stage"),
        factor: sql<string | null>`${record.factor}::text`.as("factor"),
        createdAtMs: sql<number>`${record.createdAtMs}::bigint`.as("created_at_ms"),
        expiresAtMs: sql<number>`${record.expiresAtMs}::bigint`.as("expires_at_ms"),
        lastSeenAtMs: sql<number>`${record.lastSeenAtMs}::bigint`.as("last_seen_at_ms"),
        ip: sql<string | null>`${record.ip}::text`.as("ip"),
        device: sql<string | null>`${record.device}::text`.as("device"),
      };
      const inserted = await db
        .with(ended)
        .insert(sessions)
        .select(db.select(row).from(ended))
        .returning({ id: sessions.id });
      return inserted.length === 1;
    },
    async get(id) {
      const rows = await getStatement.execute({ id });
      return rows[0] ? toRecord(rows[0]) : null;
    },
    async touch(id, lastSeenAtMs) {
      await db.update(sessions).set({ lastSeenAtMs }).where(eq(sessions.id, id));
    },
    async delete(id) {
      await db.delete(sessions).where(eq(sessions.id, id));
    },
    async deleteForUser(userId, keepId = null) {
      const where = keepId ? and(eq(sessions.userId, userId), ne(sessions.id, keepId)) : eq(sessions.userId, userId);
      const rows = await db.delete(sessions).where(where).returning({ id: sessions.id });
      return rows.length;
    },
    async listForUser(userId, nowMs) {
      // Rows past their end go here, by the user's own index, so the list never shows one; the
      // expired-data sweep (retention/expired-data-sweeper.ts) takes those of users who never look.
      await db.delete(sessions).where(and(eq(sessions.userId, userId), lte(sessions.expiresAtMs, nowMs)));
      const rows = await db.select().from(sessions).where(eq(sessions.userId, userId)).orderBy(desc(sessions.createdAtMs)).limit(100);
      return rows.map(toRecord);
    },
  };
}
