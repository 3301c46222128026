import { sql } from "drizzle-orm";
import type { Database } from "@twostep/core/sql";

/**
 * This app's own tables, as they might have looked before it added 2FA, plus the three columns and
 * one table twostep needs. twostep never touches them directly: only through
 * user-factor-store.ts. (A real app would put this in its migrations.)
 */
const STATEMENTS = [
  sql`CREATE TABLE IF NOT EXISTS app_users (
    id text PRIMARY KEY DEFAULT gen_random_uuid()::text,
    email text NOT NULL UNIQUE,
    password_hash text NOT NULL,
    phone text,
    phone_verified_at timestamptz,
    two_factor_enabled boolean NOT NULL DEFAULT false
  )`,
  sql`CREATE TABLE IF NOT EXISTS app_backup_codes (
    user_id text NOT NULL REFERENCES app_users (id) ON DELETE CASCADE,
    code_hash text NOT NULL,
    used_at timestamptz,
    PRIMARY KEY (user_id, code_hash)
  )`,
];

export async function createAppTables(db: Database): Promise<void> {
  // One statement per call: PGlite's parameterised protocol runs one at a time.
  for (const statement of STATEMENTS) await db.execute(statement);
}
