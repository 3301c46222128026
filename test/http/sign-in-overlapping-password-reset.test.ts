// Threat: someone signing in with the old password while the owner changes or resets it keeps a
// session the change never ended: the sign-in checked the old password, the change then wrote the
// new one and signed out every browser, and only after that did the sign-in open its session.
//
// Deterministic, over HTTP: on PostgreSQL a trigger makes the sign-in's session INSERT wait on an
// advisory lock the test holds; the test waits until the sign-in is seen waiting there (the
// password already checked), runs the whole change or reset, then lets the sign-in go on.
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../support/app-server";
import { postgresAvailable } from "../support/services";
import { latestResetLink } from "../e2e/support/mail";
import { ClientAt, PASSWORD, signedUp } from "./support/client-at";
import { callAction } from "./support/server-actions";

const NEW_PASSWORD = "a quite different passphrase";
/** The advisory lock the held session INSERT waits on; any number nothing else in the app uses. */
const HOLD = 727_272;

describe("a sign-in with the old password overlapping a change or reset of password (PostgreSQL)", async () => {
  const run = await postgresAvailable();
  let app: AppServer;
  let sql: postgres.Sql;
  beforeAll(async () => {
    if (!run) return;
    app = await startAppServer({ TRUSTED_PROXY_HOPS: "1" }, { freshPostgres: true });
    sql = postgres(app.databaseUrl!, { max: 3, onnotice: () => {} });
  });
  afterAll(async () => {
    if (!run) return;
    await sql?.end();
    await app?.stop();
  });

  /** The tables' names as the app created them, and the new account's id. */
  async function tables(email: string) {
    const [users] = await sql<{ table_schema: string; table_name: string }[]>`
      SELECT table_schema, table_name FROM information_schema.columns WHERE column_name = 'password_hash' AND table_name LIKE '%users'`;
    const [sessions] = await sql<{ table_schema: string; table_name: string }[]>`
      SELECT table_schema, table_name FROM information_schema.columns WHERE column_name = 'stage' AND table_name LIKE '%sessions'`;
    const [user] = await sql<{ id: string }[]>`SELECT id FROM ${sql(users!.table_schema)}.${sql(users!.table_name)} WHERE email = ${email}`;
    const liveSessions = async () => (await sql`SELECT id FROM ${sql(sessions!.table_schema)}.${sql(sessions!.table_name)} WHERE user_id = ${user!.id}`).length;
    return { sessions: `"${sessions!.table_schema}"."${sessions!.table_name}"`, userId: user!.id, liveSessions };
  }

  /**
   * Starts a sign-in as `email` whose session INSERT waits on HOLD; resolves once it waits there
   * (the password already checked), with its outcome and the release.
   */
  async function heldSignIn(email: string, password: string) {
    const { sessions, userId } = await tables(email);
    // Only this user's new sessions wait; the owner's change and everything else go on.
    await sql.unsafe(`
      CREATE OR REPLACE FUNCTION hold_session_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.user_id = '${userId}' THEN PERFORM pg_advisory_xact_lock(${HOLD}); END IF;
        RETURN NEW;
      END $$;
      DROP TRIGGER IF EXISTS hold_session_insert ON ${sessions};
      CREATE TRIGGER hold_session_insert BEFORE INSERT ON ${sessions} FOR EACH ROW EXECUTE FUNCTION hold_session_insert();`);
    const held = await sql.reserve();
    await held`SELECT pg_advisory_lock(${HOLD})`;
    const intruder = new ClientAt(app.url);
    const outcome = intruder.signInOutcome(email, password);
    // The session's INSERT comes after authorize() checked the password: once it waits, the old
    // password has passed.
    await until(async () => (await sql`SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND objid = ${HOLD} AND NOT granted`).length === 1);
    return {
      intruder,
      async release() {
        await held`SELECT pg_advisory_unlock(${HOLD})`;
        held.release();
        const answer = await outcome;
        await sql.unsafe(`DROP TRIGGER hold_session_insert ON ${sessions}`);
        return answer;
      },
    };
  }

  it.runIf(run)("a change from settings: the late sign-in keeps no session and reads as a wrong password", async () => {
    const owner = new ClientAt(app.url);
    const email = await signedUp(owner, "password-race");
    const signIn = await heldSignIn(email, PASSWORD);

    const changed = await callAction(owner, "/settings/security", "changePasswordAction", { currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
    expect(changed.result).toMatchObject({ status: "success" });

    expect(await signIn.release()).toBe("credentials");
    expect((await signIn.intruder.fetch("/api/me")).status).toBe(401);
    expect((await owner.fetch("/api/me")).status).toBe(200);
    expect(await (await tables(email)).liveSessions()).toBe(1);
  });

  it.runIf(run)("a reset by emailed link: the late sign-in keeps no session and reads as a wrong password", async () => {
    const owner = new ClientAt(app.url);
    const email = await signedUp(owner, "reset-race");
    const signIn = await heldSignIn(email, PASSWORD);

    const asked = await callAction(owner, "/forgot-password", "requestPasswordResetAction", { email });
    expect(asked.result).toMatchObject({ status: "success" });
    const token = new URL(await latestResetLink(app.url, email)).searchParams.get("token")!;
    await callAction(owner, "/reset-password", "resetPasswordAction", { token, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    expect(await (await tables(email)).liveSessions()).toBe(0);

    expect(await signIn.release()).toBe("credentials");
    expect((await signIn.intruder.fetch("/api/me")).status).toBe(401);
    expect(await (await tables(email)).liveSessions()).toBe(0);
    expect(await new ClientAt(app.url).signInOutcome(email, NEW_PASSWORD)).toBe("ok");
  });
});

/** Polls a condition on the database's state (not a clock): it holds once the sign-in waits. */
async function until(condition: () => Promise<boolean>) {
  for (let i = 0; i < 1000; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("the sign-in never reached its session INSERT");
}
