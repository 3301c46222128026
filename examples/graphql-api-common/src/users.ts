import { sql } from "drizzle-orm";
import type { Logger } from "@twostep/core";
import { hashPassword, verifyPassword } from "@twostep/core/accounts";
import { queryRows, type Database } from "@twostep/core/sql";

export type AppUser = { id: string; email: string };

/** PostgreSQL's SQLSTATE of a failed statement (drizzle keeps the driver's error as `cause`), or null. */
function sqlStateOf(error: unknown): string | null {
  const code = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : null;
}

/** Sign-up and the password step of sign-in, over this app's own app.users table. */
export function createUsers(db: Database, logger: Logger) {
  return {
    /** Null when the email is taken. */
    async create(email: string, password: string): Promise<AppUser | null> {
      const passwordHash = await hashPassword(password);
      try {
        const [user] = await queryRows<AppUser>(
          db,
          sql`INSERT INTO app.users (email, password_hash) VALUES (${email.toLowerCase()}, ${passwordHash})
              ON CONFLICT (email) DO NOTHING RETURNING id, email`,
        );
        return user ?? null;
      } catch (error) {
        // drizzle's error names the statement's parameters (the email and the new password hash)
        // in its message, and the framework logs whatever a service throws: both get closed words.
        logger.error({ code: "APP_USER_INSERT_FAILED", sqlState: sqlStateOf(error) }, "app.users: the insert failed");
        throw new Error("app.users: the insert failed");
      }
    },

    /** Where the account's security notices go; null when the account is gone. */
    async emailOf(userId: string): Promise<string | null> {
      const [row] = await queryRows<{ email: string }>(db, sql`SELECT email FROM app.users WHERE id = ${userId}`);
      return row?.email ?? null;
    },

    /** The user when the password is right; null otherwise, as slowly for an unknown email. */
    async checkCredentials(email: string, password: string): Promise<AppUser | null> {
      const [row] = await queryRows<AppUser & { password_hash: string }>(
        db,
        sql`SELECT id, email, password_hash FROM app.users WHERE email = ${email.toLowerCase()}`,
      );
      const ok = await verifyPassword(row?.password_hash ?? null, password);
      return ok && row ? { id: row.id, email: row.email } : null;
    },
  };
}

export type Users = ReturnType<typeof createUsers>;
