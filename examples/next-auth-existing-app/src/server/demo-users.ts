import { sql } from "drizzle-orm";
import type { Database } from "@twostep/core/sql";
import { createUser } from "./app-users";

/**
 * Two accounts to try the example with. Alice already has 2FA on, with a phone proved at seed
 * time; Bob has none, so he can enroll a phone and turn 2FA on in /settings.
 */
export const DEMO_PASSWORD = "correct horse battery staple";
export const DEMO_USERS = {
  withTwoFactor: { email: "alice@example.com", phone: "+447400123456" },
  withoutTwoFactor: { email: "bob@example.com" },
} as const;

export async function seedDemoUsers(db: Database): Promise<void> {
  const alice = await createUser(db, { email: DEMO_USERS.withTwoFactor.email, password: DEMO_PASSWORD });
  // Null when she exists already: a restart keeps whatever was changed since.
  if (alice) {
    await db.execute(
      sql`UPDATE app_users SET phone = ${DEMO_USERS.withTwoFactor.phone}, phone_verified_at = now(), two_factor_enabled = true WHERE id = ${alice.id}`,
    );
  }
  await createUser(db, { email: DEMO_USERS.withoutTwoFactor.email, password: DEMO_PASSWORD });
}
