import { randomUUID } from "node:crypto";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { Database } from "./database.js";
import { queryRows } from "./database.js";
import { tablesOf, type SqlAdapterOptions } from "./sql-options.js";

/**
 * Named statements over `password_resets` (and, for the one that accepts a link, `users`). Each is
 * one statement, so it is atomic on PGlite and PostgreSQL alike without a transaction.
 */
export function createPasswordResetRepository(db: Database, options: SqlAdapterOptions = {}) {
  const { passwordResets: resets, users } = tablesOf(options);
  return {
    /**
     * Deletes the user's earlier links (used or not) and, when `issue` is true, stores the new
     * one. With `issue` false it is the same statement inserting nothing: an address with no
     * account costs the database what one with an account costs.
     */
    async replace(input: { userId: string; tokenHash: string; nowMs: number; expiresAtMs: number; issue: boolean }): Promise<void> {
      await db.execute(sql`
        WITH earlier AS (DELETE FROM ${resets} WHERE ${resets.userId} = ${input.userId})
        INSERT INTO ${resets} (${sql.identifier(resets.id.name)}, ${sql.identifier(resets.userId.name)}, ${sql.identifier(resets.tokenHash.name)},
                               ${sql.identifier(resets.createdAtMs.name)}, ${sql.identifier(resets.expiresAtMs.name)})
        SELECT ${randomUUID()}, ${input.userId}, ${input.tokenHash}, ${input.nowMs}::bigint, ${input.expiresAtMs}::bigint
        WHERE ${input.issue}::boolean`);
    },

    /** Whether a link with this hash could pass now: one indexed read, so a wrong link costs no password hashing. */
    async isLive(tokenHash: string, nowMs: number): Promise<boolean> {
      const rows = await db
        .select({ id: resets.id })
        .from(resets)
        .where(and(eq(resets.tokenHash, tokenHash), isNull(resets.usedAtMs), gt(resets.expiresAtMs, nowMs)))
        .limit(1);
      return rows.length === 1;
    },

    /**
     * Accepts the link and sets the password in one statement: the link is marked used only if it
     * was unused and unexpired, the password changes only if the link was accepted, and the
     * user's other links are deleted. Of two concurrent uses of one link, exactly one gets the
     * user id; the other (and any used, expired or unknown link) gets null.
     */
    async usePasswordReset(input: { tokenHash: string; nowMs: number; passwordHash: string }): Promise<string | null> {
      const rows = await queryRows<{ id: string }>(
        db,
        sql`
        WITH used AS (
          UPDATE ${resets} SET ${sql.identifier(resets.usedAtMs.name)} = ${input.nowMs}::bigint
          WHERE ${resets.tokenHash} = ${input.tokenHash} AND ${resets.usedAtMs} IS NULL AND ${resets.expiresAtMs} > ${input.nowMs}::bigint
          RETURNING ${resets.userId} AS user_id, ${resets.id} AS reset_id
        ), others AS (
          DELETE FROM ${resets} WHERE ${resets.userId} IN (SELECT user_id FROM used) AND ${resets.id} NOT IN (SELECT reset_id FROM used)
        )
        UPDATE ${users} SET ${sql.identifier(users.passwordHash.name)} = ${input.passwordHash}, ${sql.identifier(users.updatedAt.name)} = now()
        FROM used WHERE ${users.id} = used.user_id
        RETURNING ${users.id} AS id`,
      );
      return rows[0]?.id ?? null;
    },

    /** Deletes every link of the user (a password changed another way makes them pointless). */
    async deleteForUser(userId: string): Promise<void> {
      await db.delete(resets).where(eq(resets.userId, userId));
    },
  };
}

export type PasswordResetRepository = ReturnType<typeof createPasswordResetRepository>;
