import { randomUUID } from "node:crypto";
import { hashPassword } from "@twostep/core/accounts";
import { createUserRepository, openDatabase } from "@twostep/core/sql";
import { GraphQLBrowser } from "../../test/graphql/graphql-browser";
import { randomPhone } from "../../test/support/fixtures";

const PASSWORD = "correct horse battery staple";
/** Parallel sign-ins: each costs the server an argon2id check (~25 ms of one core). */
const SIGN_IN_CONCURRENCY = 8;

/**
 * Pending sessions for the benchmark, made the way users make them: accounts with a verified phone
 * and 2FA on are written straight into the app's PostgreSQL database (as test/support/seed-user.ts
 * does, with one argon2id hash shared by all, since hashing thousands of passwords would take
 * minutes), then each signs in over HTTP with its own X-Forwarded-For, so the server checks the
 * password, sends the first sign-in code through the real send path, and answers with a pending
 * session cookie.
 */
export async function openSessionFactory(databaseUrl: string, appUrl: string) {
  const handle = await openDatabase({ url: databaseUrl, maxConnections: 4 });
  const users = createUserRepository(handle.db);
  const passwordHash = await hashPassword(PASSWORD);
  const runId = randomUUID().slice(0, 8);
  let made = 0;

  async function seedAccount(): Promise<string> {
    const email = `bench-http-${runId}-${made++}@example.com`;
    const user = await users.create({ email, passwordHash });
    if (!user) throw new Error(`bench account ${email} exists`);
    await users.setPhone(user.id, randomPhone(), new Date());
    await users.setTwoFactor(user.id, true);
    return email;
  }

  async function pendingSession(): Promise<string> {
    const email = await seedAccount();
    const browser = new GraphQLBrowser(appUrl);
    if (!(await browser.signIn(email, PASSWORD))) throw new Error(`sign-in refused for ${email}`);
    const token = browser.sessionToken();
    if (!token) throw new Error(`no session cookie for ${email}`);
    return token;
  }

  return {
    /** `count` pending session tokens (the value of the authjs.session-token cookie), each with a live sign-in code. */
    async pendingSessions(count: number): Promise<string[]> {
      const tokens: string[] = [];
      let next = 0;
      await Promise.all(
        Array.from({ length: SIGN_IN_CONCURRENCY }, async () => {
          while (next < count) {
            next++;
            tokens.push(await pendingSession());
          }
        }),
      );
      return tokens;
    },
    close: () => handle.close(),
  };
}
