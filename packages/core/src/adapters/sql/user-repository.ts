import { randomUUID } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Database } from "./database.js";
import type { users } from "./schema.js";
import { tablesOf, type SqlAdapterOptions } from "./sql-options.js";

export type User = typeof users.$inferSelect;

/** Named queries over users and their backup codes; nothing else writes these tables. */
export function createUserRepository(db: Database, options: SqlAdapterOptions = {}) {
  const { users, backupCodes } = tablesOf(options);
  return {
    async create(input: { email: string; passwordHash: string }): Promise<User | null> {
      const [row] = await db
        .insert(users)
        .values({ id: randomUUID(), email: input.email, passwordHash: input.passwordHash })
        .onConflictDoNothing({ target: users.email })
        .returning();
      return row ?? null;
    },
    async byEmail(email: string): Promise<User | null> {
      const [row] = await db.select().from(users).where(eq(users.email, email)).limit(1);
      return row ?? null;
    },
    async byId(id: string): Promise<User | null> {
      const [row] = await db.select().from(users).where(eq(users.id, id)).limit(1);
      return row ?? null;
    },
    async setPhone(id: string, phoneE164: string, verifiedAt: Date): Promise<void> {
      await db.update(users).set({ phoneE164, phoneVerifiedAt: verifiedAt, updatedAt: verifiedAt }).where(eq(users.id, id));
    },
    async setPasswordHash(id: string, passwordHash: string): Promise<void> {
      await db.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, id));
    },
    async setTwoFactor(id: string, enabled: boolean): Promise<void> {
      await db.update(users).set({ twoFactorEnabled: enabled, updatedAt: new Date() }).where(eq(users.id, id));
    },
    /** Replaces every backup code of the user with these hashes, in one transaction. */
    async replaceBackupCodes(userId: string, hashes: string[]): Promise<void> {
      await db.transaction(async (tx) => {
        await tx.delete(backupCodes).where(eq(backupCodes.userId, userId));
        // None: every code is void (2FA turned off). An INSERT of no rows is an error.
        if (hashes.length > 0) await tx.insert(backupCodes).values(hashes.map((codeHash) => ({ id: randomUUID(), userId, codeHash })));
      });
    },
    /**
     * Marks one unused code as used. A single UPDATE: of two concurrent uses of the same code,
     * exactly one sees `used_at IS NULL`.
     */
    async consumeBackupCode(userId: string, codeHash: string): Promise<boolean> {
      const rows = await db
        .update(backupCodes)
        .set({ usedAt: new Date() })
        .where(and(eq(backupCodes.userId, userId), eq(backupCodes.codeHash, codeHash), isNull(backupCodes.usedAt)))
        .returning({ id: backupCodes.id });
      return rows.length === 1;
    },
    async unusedBackupCodeCount(userId: string): Promise<number> {
      const [row] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(backupCodes)
        .where(and(eq(backupCodes.userId, userId), isNull(backupCodes.usedAt)));
      return row?.n ?? 0;
    },
  };
}

export type UserRepository = ReturnType<typeof createUserRepository>;
