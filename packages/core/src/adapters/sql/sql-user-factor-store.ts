import { verifyPassword } from "../accounts/password.js";
import type { UserFactorStore } from "../../ports/user-factor-store.js";
import type { Database } from "./database.js";
import { createUserRepository } from "./user-repository.js";
import type { SqlAdapterOptions } from "./sql-options.js";

/** The user factor store over twostep's own `users` and `backup_codes` tables (under the tables' prefix). */
export function createSqlUserFactorStore(db: Database, options: SqlAdapterOptions = {}): UserFactorStore {
  const users = createUserRepository(db, options);
  return {
    async read(userId) {
      const user = await users.byId(userId);
      if (!user) return null;
      return { userId: user.id, phoneE164: user.phoneE164, phoneVerifiedAt: user.phoneVerifiedAt, twoFactorEnabled: user.twoFactorEnabled };
    },
    setPhone: (userId, phoneE164, verifiedAt) => users.setPhone(userId, phoneE164, verifiedAt),
    setTwoFactorEnabled: (userId, enabled) => users.setTwoFactor(userId, enabled),
    replaceBackupCodes: (userId, hashes) => users.replaceBackupCodes(userId, hashes),
    consumeBackupCode: (userId, hash) => users.consumeBackupCode(userId, hash),
    unusedBackupCodeCount: (userId) => users.unusedBackupCodeCount(userId),
    async checkPassword(userId, password) {
      const user = await users.byId(userId);
      // A vanished user is checked against the dummy hash: same time, same "no".
      return verifyPassword(user?.passwordHash ?? null, password);
    },
  };
}
