import { and, desc, eq, lte } from "drizzle-orm";
import type { TrustedDeviceStore } from "../../ports/trusted-device-store.js";
import type { Database } from "./database.js";
import { tablesOf, type SqlAdapterOptions } from "./sql-options.js";

/** Trusted devices in the `trusted_devices` table (under the tables' prefix); every call is one statement. */
export function createSqlTrustedDeviceStore(db: Database, options: SqlAdapterOptions = {}): TrustedDeviceStore {
  const { trustedDevices: table } = tablesOf(options);
  return {
    async insert(record) {
      await db.insert(table).values(record);
    },
    async get(id) {
      const rows = await db.select().from(table).where(eq(table.id, id)).limit(1);
      return rows[0] ?? null;
    },
    async touch(id, use) {
      await db.update(table).set({ lastUsedAtMs: use.atMs, lastUsedIp: use.ip, lastUsedDevice: use.device }).where(eq(table.id, id));
    },
    async deleteForUser(userId, id) {
      const rows = await db.delete(table).where(and(eq(table.id, id), eq(table.userId, userId))).returning({ id: table.id });
      return rows.length > 0;
    },
    async deleteAllForUser(userId) {
      const rows = await db.delete(table).where(eq(table.userId, userId)).returning({ id: table.id });
      return rows.length;
    },
    async listForUser(userId, nowMs) {
      // Rows past their end go here, by the user's own index, so the list never shows one; the
      // expired-data sweep (retention/expired-data-sweeper.ts) takes those of users who never look.
      await db.delete(table).where(and(eq(table.userId, userId), lte(table.expiresAtMs, nowMs)));
      return db.select().from(table).where(eq(table.userId, userId)).orderBy(desc(table.createdAtMs)).limit(100);
    },
  };
}
