import { and, asc, eq, isNotNull, isNull } from "drizzle-orm";
import type { AuthenticatorStore, StoredAuthenticator } from "../../ports/authenticator-store.js";
import type { Database } from "./database.js";
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
    async removeAll(userId) {
      const rows = await db.delete(t).where(eq(t.userId, userId)).returning({ id: t.id });
      return rows.length;
    },
  };
}
