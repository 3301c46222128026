import { sql } from "drizzle-orm";
import { openDatabase, type DatabaseHandle, type DatabaseOptions } from "@twostep/core/sql";

/**
 * This app's own tables, in a schema of their own (`app`) beside twostep's: the users, their
 * backup codes, and the sessions. A real app keeps these in its own migrations; twostep never
 * reads them except through the UserFactorStore (./user-factor-store.ts).
 */
const APP_TABLES = [
  sql`CREATE SCHEMA IF NOT EXISTS app`,
  sql`CREATE TABLE IF NOT EXISTS app.users (
    id text PRIMARY KEY DEFAULT gen_random_uuid()::text,
    email text NOT NULL UNIQUE,
    password_hash text NOT NULL,
    phone text,
    phone_verified_at timestamptz,
    two_factor_enabled boolean NOT NULL DEFAULT false
  )`,
  sql`CREATE TABLE IF NOT EXISTS app.backup_codes (
    user_id text NOT NULL REFERENCES app.users (id) ON DELETE CASCADE,
    code_hash text NOT NULL,
    used_at timestamptz,
    PRIMARY KEY (user_id, code_hash)
  )`,
  // The cookie holds a random token; only its SHA-256 is stored, so a leaked table opens no session.
  sql`CREATE TABLE IF NOT EXISTS app.sessions (
    token_hash text PRIMARY KEY,
    user_id text NOT NULL REFERENCES app.users (id) ON DELETE CASCADE,
    stage text NOT NULL CHECK (stage IN ('pending', 'full')),
    signed_in_at timestamptz,
    expires_at timestamptz NOT NULL
  )`,
  // What the session list shows (mySessions): when, from where, in which browser, with which factor.
  sql`ALTER TABLE app.sessions ADD COLUMN IF NOT EXISTS created_at timestamptz NOT NULL DEFAULT now()`,
  sql`ALTER TABLE app.sessions ADD COLUMN IF NOT EXISTS ip text`,
  sql`ALTER TABLE app.sessions ADD COLUMN IF NOT EXISTS device text`,
  sql`ALTER TABLE app.sessions ADD COLUMN IF NOT EXISTS factor text`,
  sql`CREATE INDEX IF NOT EXISTS sessions_user_id ON app.sessions (user_id)`,
];

/** twostep's tables (its migrations run inside openDatabase), then this app's. */
export async function openAppDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  const handle = await openDatabase(options);
  for (const statement of APP_TABLES) await handle.db.execute(statement);
  return handle;
}
