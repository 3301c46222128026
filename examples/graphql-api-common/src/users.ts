import { sql } from "drizzle-orm";
import { hashPassword, verifyPassword } from "@twostep/core/accounts";
import { queryRows, type Database } from "@twostep/core/sql";

export type AppUser = { id: string; email: string };

/** Sign-up and the password step of sign-in, over this app's own app.users table. */
export function createUsers(db: Database) {
  return {
    /** Null when the email is taken. */
    async create(email: string, password: string): Promise<AppUser | null> {
      const passwordHash = await hashPassword(password);
      const [user] = await queryRows<AppUser>(
        db,
        sql`INSERT INTO app.users (email, password_hash) VALUES (${email.toLowerCase()}, ${passwordHash})
            ON CONFLICT (email) DO NOTHING RETURNING id, email`,
      );
      return user ?? null;
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
