import { and, asc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import type { AuthenticatorStore, StoredAuthenticator } from "../../ports/authenticator-store.js";
import { queryRows, type Database } from "./database.js";
import { tablesOf, type SqlAdapterOptions } from "./sql-options.js";

/** Authenticator apps in twostep's `authenticators` table (prefix-aware through `tables`). */
export function createSqlAuthenticatorStore(db: Database, options: SqlAdapterOptions = {}): AuthenticatorStore {
  const { authenticators: t } = tablesOf(options);
  const ofUser = (userId: string, id: string) => and(eq(t.userId, userId), eq(t.id, id));
  return {
    async list(userId) {
      const rows = await db.select().from(t).where(eq(t.userId, userId)).orderBy(asc(t.createdAt), asc(t.id));
      return rows.map((r): StoredAuthenticator => ({ ...r }));
    },
    async add(factor) {
      await db.insert(t).values({ ...factor, confirmedAt: null, lastUsedAt: null });
    },
    async confirm(userId, id, at) {
      const rows = await db.update(t).set({ confirmedAt: at }).where(and(ofUser(userId, id), isNull(t.confirmedAt))).returning({ id: t.id });
      return rows.length === 1;
    },
    async rename(userId, id, name) {
      const rows = await db.update(t).set({ name }).where(and(ofUser(userId, id), isNotNull(t.confirmedAt))).returning({ id: t.id });
      return rows.length === 1;
    },
    async markUsed(userId, id, at) {
      await db.update(t).set({ lastUsedAt: at }).where(ofUser(userId, id));
    },
    async remove(userId, id) {
      const rows = await db.delete(t).where(ofUser(userId, id)).returning({ id: t.id });
      return rows.length === 1;
    },
    async removeUnlessLast(userId, id) {
      // The user's rows are locked first, in id order, so a second removal waits for the first and
      // then sees what it left; two plain conditional DELETEs would each lock only their own row and
      // both find the other app still there.
      const removed = await queryRows<{ id: string }>(db, sql`
        WITH mine AS MATERIALIZED (
          SELECT ${t.id} AS id, ${t.confirmedAt} AS confirmed_at FROM ${t}
          WHERE ${t.userId} = ${userId} ORDER BY ${t.id} FOR UPDATE
        )
        DELETE FROM ${t}
        WHERE ${t.userId} = ${userId} AND ${t.id} = ${id} AND ${t.confirmedAt} IS NOT NULL
          AND EXISTS (SELECT 1 FROM mine WHERE mine.id <> ${id} AND mine.confirmed_at IS NOT NULL)
        RETURNING ${t.id} AS id`);
      if (removed.length === 1) return "removed";
      const [still] = await db.select({ id: t.id }).from(t).where(and(ofUser(userId, id), isNotNull(t.confirmedAt))).limit(1);
      return still ? "last" : "not_found";
    },
    async removeAll(userId) {
      const rows = await db.delete(t).where(eq(t.userId, userId)).returning({ id: t.id });
      return rows.length;
    },
  };
}
