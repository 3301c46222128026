import { sql, type SQL } from "drizzle-orm";
import type { UserFactorStore } from "@twostep/core";
import { verifyPassword } from "@twostep/core/accounts";
import { queryRows, type Database } from "@twostep/core/sql";

type UserRow = { id: string; phone: string | null; phone_verified_at: Date | null; two_factor_enabled: boolean };

/** All twostep knows of this app's users: the port of @twostep/core over `app_users` and `app_backup_codes`. */
export function createAppUserFactorStore(db: Database): UserFactorStore {
  const one = async <Row>(query: SQL) => (await queryRows<Row>(db, query))[0] ?? null;
  return {
    async read(userId) {
      const row = await one<UserRow>(sql`SELECT id, phone, phone_verified_at, two_factor_enabled FROM app_users WHERE id = ${userId}`);
      if (!row) return null;
      const verifiedAt = row.phone_verified_at ? new Date(row.phone_verified_at) : null;
      return { userId: row.id, phoneE164: row.phone, phoneVerifiedAt: verifiedAt, twoFactorEnabled: row.two_factor_enabled };
    },
    async setPhone(userId, phoneE164, verifiedAt) {
      await db.execute(sql`UPDATE app_users SET phone = ${phoneE164}, phone_verified_at = ${verifiedAt.toISOString()} WHERE id = ${userId}`);
    },
    async setTwoFactorEnabled(userId, enabled) {
      await db.execute(sql`UPDATE app_users SET two_factor_enabled = ${enabled} WHERE id = ${userId}`);
    },
    async replaceBackupCodes(userId, hashes) {
      await db.transaction(async (tx) => {
        await tx.execute(sql`DELETE FROM app_backup_codes WHERE user_id = ${userId}`);
        for (const hash of hashes) await tx.execute(sql`INSERT INTO app_backup_codes (user_id, code_hash) VALUES (${userId}, ${hash})`);
      });
    },
    async consumeBackupCode(userId, hash) {
      // One conditional UPDATE: of two concurrent uses of a code, only one gets the row back.
      const used = await one(sql`UPDATE app_backup_codes SET used_at = now() WHERE user_id = ${userId} AND code_hash = ${hash} AND used_at IS NULL RETURNING 1`);
      return used !== null;
    },
    async unusedBackupCodeCount(userId) {
      const row = await one<{ n: number }>(sql`SELECT count(*)::int AS n FROM app_backup_codes WHERE user_id = ${userId} AND used_at IS NULL`);
      return row?.n ?? 0;
    },
    async checkPassword(userId, password) {
      const row = await one<{ password_hash: string }>(sql`SELECT password_hash FROM app_users WHERE id = ${userId}`);
      return verifyPassword(row?.password_hash ?? null, password); // a missing user costs a hash too
    },
  };
}
