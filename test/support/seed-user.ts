import { hashPassword } from "@twostep/core/accounts";
import { createUserRepository, openDatabase } from "@twostep/core/sql";

/** Writes a user straight into the app's PostgreSQL database (for tests that start past enrollment). */
export async function seedUser(databaseUrl: string, user: { email: string; password: string; phone?: string; twoFactor?: boolean }) {
  const handle = await openDatabase({ url: databaseUrl, maxConnections: 1 });
  try {
    const users = createUserRepository(handle.db);
    const created = await users.create({ email: user.email, passwordHash: await hashPassword(user.password) });
    if (!created) throw new Error("seed user exists");
    if (user.phone) await users.setPhone(created.id, user.phone, new Date());
    if (user.twoFactor) await users.setTwoFactor(created.id, true);
    return created;
  } finally {
    await handle.close();
  }
}
