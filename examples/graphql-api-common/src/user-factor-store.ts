import { sql } from "drizzle-orm";
import type { UserFactorStore } from "@twostep/core";
import { verifyPassword } from "@twostep/core/accounts";
import { queryRows, type Database } from "@twostep/core/sql";

type UserRow = { id: string; phone: string | null; phone_verified_at: Date | string | null; two_factor_enabled: boolean; password_hash: string };
const byId = async (db: Database, userId: string) => (await queryRows<UserRow>(db, sql`SELECT * FROM app.users WHERE id = ${userId}`))[0];

/** What twostep needs of this app's users, over app.users and app.backup_codes (./database.ts). */
export function createAppUserFactorStore(db: Database): UserFactorStore {
  return {
    async read(userId) {
      const row = await byId(db, userId);
      if (!row) return null;
      const verifiedAt = row.phone_verified_at === null ? null : new Date(row.phone_verified_at);
      return { userId: row.id, phoneE164: row.phone, phoneVerifiedAt: verifiedAt, twoFactorEnabled: row.two_factor_enabled };
    },
    async setPhone(userId, phoneE164, verifiedAt) {
      await db.execute(sql`UPDATE app.users SET phone = ${phoneE164}, phone_verified_at = ${verifiedAt.toISOString()}::timestamptz WHERE id = ${userId}`);
    },
    async setTwoFactorEnabled(userId, enabled) {
      await db.execute(sql`UPDATE app.users SET two_factor_enabled = ${enabled} WHERE id = ${userId}`);
    },
    async replaceBackupCodes(userId, hashes) {
      await db.transaction(async (tx) => {
        await tx.execute(sql`DELETE FROM app.backup_codes WHERE user_id = ${userId}`);
        if (hashes.length === 0) return;
        await tx.execute(sql`INSERT INTO app.backup_codes (user_id, code_hash) VALUES ${sql.join(hashes.map((hash) => sql`(${userId}, ${hash})`), sql`, `)}`);
      });
    },
    async consumeBackupCode(userId, hash) {
      // One conditional UPDATE: of two racing uses, only one finds used_at still null.
      const used = await queryRows(db, sql`UPDATE app.backup_codes SET used_at = now() WHERE user_id = ${userId} AND code_hash = ${hash} AND used_at IS NULL RETURNING 1`);
      return used.length === 1;
    },
    async unusedBackupCodeCount(userId) {
      const [row] = await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM app.backup_codes WHERE user_id = ${userId} AND used_at IS NULL`);
      return row?.n ?? 0;
    },
    // An unknown user is checked against a dummy hash: as slow as a wrong password, and as false.
    checkPassword: async (userId, password) => verifyPassword((await byId(db, userId))?.password_hash ?? null, password),
  };
}
