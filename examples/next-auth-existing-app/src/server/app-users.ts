import { sql } from "drizzle-orm";
import { hashPassword, verifyPassword } from "@twostep/core/accounts";
import { queryRows, type Database } from "@twostep/core/sql";

/** The app's own accounts: what it had before twostep, and all Auth.js's password step needs. */
export type AppUser = { id: string; email: string };

export async function createUser(db: Database, input: { email: string; password: string }): Promise<AppUser | null> {
  const rows = await queryRows<AppUser>(
    db,
    sql`INSERT INTO app_users (email, password_hash) VALUES (${input.email.toLowerCase()}, ${await hashPassword(input.password)})
        ON CONFLICT (email) DO NOTHING RETURNING id, email`,
  );
  return rows[0] ?? null;
}

/** The user whose password this is, or null; an unknown email takes as long as a wrong password. */
export async function checkCredentials(db: Database, email: string, password: string): Promise<AppUser | null> {
  const [row] = await queryRows<AppUser & { password_hash: string }>(
    db,
    sql`SELECT id, email, password_hash FROM app_users WHERE email = ${email.trim().toLowerCase()}`,
  );
  const ok = await verifyPassword(row?.password_hash ?? null, password);
  return ok && row ? { id: row.id, email: row.email } : null;
}

export async function userExists(db: Database, userId: string): Promise<boolean> {
  return (await queryRows(db, sql`SELECT 1 FROM app_users WHERE id = ${userId}`)).length === 1;
}
