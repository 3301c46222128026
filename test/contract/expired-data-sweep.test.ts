// Threat: personal data outlives its use. An abandoned sign-up leaves an address and a password
// hash; old sessions and trusted browsers leave the IP and browser they were used from; reset links
// leave a user's id and a token hash; old codes and the SMS log leave whole phone numbers. Reads ignore them once they expire, but only the next sign-up
// (or the owner opening their session list) deleted some of them, and a quiet deployment kept them
// all forever. The sweep deletes what ran out, on its own timer, and nothing that still works:
// checked on PGlite and PostgreSQL, with two instances sweeping one database at once.
import { rmSync } from "node:fs";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { createLogger, DEV_MAIL_RETENTION_DAYS, EXPIRED_DATA_BATCH } from "@twostep/core";
import { SIGN_UP_LINK_MINUTES, PASSWORD_RESET_LINK_MINUTES } from "@twostep/core/accounts";
import { createTwoStepFromConfig, loadConfig, type TwoStep } from "@twostep/core/env";
import { queryRows } from "@twostep/core/sql";
import { createFreshDatabase } from "../support/fresh-database";
import { testClock } from "../support/fixtures";
import { recordingMailSender, RESET_PAGE, SIGN_IN_PAGE, SIGN_UP_PAGE, signUpTokenFromMail, tokenFromMail } from "../support/password-reset-rig";
import { freshPgliteDataDir } from "../support/pglite-template";
import { postgresAvailable } from "../support/services";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const PASSWORD = "correct horse battery staple";
const silent = createLogger({ level: "silent" });

type Kind = "sign_up_requests" | "password_resets" | "sessions" | "trusted_devices" | "challenges" | "sms_messages" | "mail_outbox";
type Database = { env: Record<string, string>; drop(): Promise<void> };
type Backend = { name: string; enabled(): Promise<boolean>; open(): Promise<Database> };

const backends: Backend[] = [
  {
    name: "PGlite",
    enabled: async () => true,
    async open() {
      const dataDir = await freshPgliteDataDir();
      return { env: { DATA_DIR: dataDir }, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
    },
  },
  {
    name: "PostgreSQL",
    enabled: postgresAvailable,
    async open() {
      const fresh = await createFreshDatabase();
      return { env: { DATABASE_URL: fresh.url }, drop: fresh.drop };
    },
  },
];

/** Cores over fresh databases of `backend`, each with a clock the test moves; `closeAll` ends them. */
function coresOn(backend: Backend) {
  const opened: (() => Promise<void>)[] = [];
  /** A core over a database of its own (or `database`, shared). */
  async function start(options: { database?: Database; sweepEveryMs?: number; clock?: ReturnType<typeof testClock>; env?: Record<string, string>; devMail?: boolean } = {}) {
    const database = options.database ?? (await backend.open());
    if (!options.database) opened.push(database.drop);
    const clock = options.clock ?? testClock();
    const mail = recordingMailSender();
    const config = loadConfig({ NODE_ENV: "test", SMS_ALLOWED_COUNTRIES: "US", ...database.env, ...options.env });
    const twostep = await createTwoStepFromConfig(config, {
      logger: silent,
      now: clock.now,
      // The dev mail outbox when asked for, else mail the test reads in memory.
      mail: options.devMail ? undefined : mail,
      // An hour unless a test wants the timer: sweeps then run only when the test asks.
      expiredDataSweepEveryMs: options.sweepEveryMs ?? HOUR,
    });
    opened.push(() => twostep.close());
    return { twostep, clock, mail, database };
  }
  return {
    start,
    async closeAll() {
      for (const close of opened.reverse()) await close();
    },
  };
}

async function rows(twostep: TwoStep, table: Kind): Promise<number> {
  const [row] = await queryRows<{ n: number }>(twostep.db, sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)}`);
  return Number(row?.n ?? 0);
}

describe.each(backends)("the expired-record sweep on $name", async (backend) => {
  const run = await backend.enabled();
  const { start, closeAll } = coresOn(backend);
  afterAll(closeAll);

  async function requestSignUp(core: Awaited<ReturnType<typeof start>>, email: string): Promise<string> {
    const before = core.mail.sent.filter((m) => m.to === email).length;
    const answer = await core.twostep.accounts.requestSignUp({ email, password: PASSWORD, ip: "198.51.100.7", confirmUrl: SIGN_UP_PAGE, signInUrl: SIGN_IN_PAGE });
    if (!answer.ok) throw new Error(`sign-up refused: ${answer.code}`);
    const token = signUpTokenFromMail(await core.mail.waitFor(email, before + 1));
    if (!token) throw new Error("no sign-up link in the mail");
    return token;
  }

  it.runIf(run)("deletes what ran out, and keeps every session, trust and link that still works", { timeout: 120_000 }, async () => {
    const core = await start();
    const { twostep, clock } = core;
    const signedUp = await twostep.accounts.signUp({ email: "owner@example.com", password: PASSWORD, ip: "198.51.100.1" });
    if (!signedUp.ok) throw new Error(`sign-up failed: ${signedUp.code}`);
    const userId = signedUp.user.id;
    await requestSignUp(core, "abandoned@example.com");
    await twostep.accounts.requestPasswordReset({ email: "owner@example.com", ip: "198.51.100.1", resetUrl: RESET_PAGE });
    await core.mail.waitFor("owner@example.com", 1);
    const pending = await twostep.sessions.open({ userId, stage: "pending", factor: null, ip: "198.51.100.1" });
    const full = await twostep.sessions.open({ userId, stage: "full", factor: "password", ip: "198.51.100.1", userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0" });
    const trust = await twostep.trustedDevices!.trust(userId, { ip: "198.51.100.1" });
    // A code to a number never confirmed: the challenge row holds the whole number.
    const sent = await twostep.twoFactor.beginPhoneEnrollment({ userId, phone: "+12015550123", ip: "198.51.100.1", signedInAtMs: clock.now() });
    expect(sent).toMatchObject({ ok: true });

    // Past the sign-up link, the reset link and the pending session; well within the rest.
    clock.advance(Math.max(SIGN_UP_LINK_MINUTES, PASSWORD_RESET_LINK_MINUTES) * 60_000 + 1);
    // The code's end is past too, but a late check still hears "expired" for an hour after it.
    expect(await twostep.expiredData.sweep()).toEqual({ signUpRequests: 1, passwordResets: 1, sessions: 1, trustedDevices: 0, challenges: 0, smsMessages: 0, devMail: 0 });
    const freshToken = await requestSignUp(core, "newcomer@example.com");
    expect(await twostep.sessions.check(pending.id)).toBeNull();
    expect(await twostep.sessions.check(full.id)).toMatchObject({ id: full.id, stage: "full" });
    expect(await twostep.trustedDevices!.check(userId, trust.token)).toBe(true);
    expect(await twostep.accounts.checkSignUpLink({ token: freshToken })).toEqual({ ok: true, email: "newcomer@example.com" });
    expect(await rows(twostep, "sign_up_requests")).toBe(1);
    expect(await rows(twostep, "password_resets")).toBe(0);

    // A used reset link goes at the next sweep, live or not (another account: a reset ends its sessions and trusts).
    const other = await twostep.accounts.signUp({ email: "resetter@example.com", password: PASSWORD, ip: "198.51.100.2" });
    if (!other.ok) throw new Error(`sign-up failed: ${other.code}`);
    await twostep.accounts.requestPasswordReset({ email: "resetter@example.com", ip: "198.51.100.2", resetUrl: RESET_PAGE });
    const resetToken = tokenFromMail(await core.mail.waitFor("resetter@example.com", 1));
    expect(await twostep.accounts.resetPassword({ token: resetToken, newPassword: "a brand new passphrase", ip: "198.51.100.2" })).toEqual({ ok: true });
    expect(await rows(twostep, "password_resets")).toBe(1);
    expect(await twostep.expiredData.sweep()).toEqual({ signUpRequests: 0, passwordResets: 1, sessions: 0, trustedDevices: 0, challenges: 0, smsMessages: 0, devMail: 0 });

    // A month on, the trust and every session have ended too.
    const later = await twostep.sessions.open({ userId, stage: "full", factor: "password", ip: "198.51.100.1" });
    clock.advance(31 * DAY);
    const today = await twostep.sessions.open({ userId, stage: "full", factor: "password", ip: "198.51.100.1" });
    // The full session from before and `later`: both past their absolute end (7 days).
    // The code's SMS stays in the SMS log: 90 days by default.
    expect(await twostep.expiredData.sweep()).toEqual({ signUpRequests: 1, passwordResets: 0, sessions: 2, trustedDevices: 1, challenges: 1, smsMessages: 0, devMail: 0 });
    expect(await twostep.sessions.check(later.id)).toBeNull();
    expect(await twostep.sessions.check(today.id)).toMatchObject({ id: today.id });
    expect(await rows(twostep, "sessions")).toBe(1);
    expect(await rows(twostep, "trusted_devices")).toBe(0);
    expect(await rows(twostep, "sign_up_requests")).toBe(0);
    expect(await rows(twostep, "challenges")).toBe(0);
  });

  it.runIf(run)("keeps the SMS log for SMS_LOG_RETENTION_DAYS and the dev mail outbox for a week", { timeout: 120_000 }, async () => {
    const { twostep, clock } = await start({ env: { SMS_LOG_RETENTION_DAYS: "30" }, devMail: true });
    const signedUp = await twostep.accounts.signUp({ email: "logs@example.com", password: PASSWORD, ip: "198.51.100.5" });
    if (!signedUp.ok) throw new Error(`sign-up failed: ${signedUp.code}`);
    await twostep.twoFactor.beginPhoneEnrollment({ userId: signedUp.user.id, phone: "+12015550125", ip: "198.51.100.5", signedInAtMs: clock.now() });
    await twostep.accounts.requestPasswordReset({ email: "logs@example.com", ip: "198.51.100.5", resetUrl: RESET_PAGE });
    await expect.poll(() => rows(twostep, "mail_outbox"), { timeout: 5_000 }).toBe(1);
    expect(await rows(twostep, "sms_messages")).toBe(1);

    clock.advance(DEV_MAIL_RETENTION_DAYS * DAY + 1);
    expect(await twostep.expiredData.sweep()).toMatchObject({ devMail: 1, smsMessages: 0 });
    expect(await rows(twostep, "sms_messages")).toBe(1);
    clock.advance((30 - DEV_MAIL_RETENTION_DAYS) * DAY);
    expect(await twostep.expiredData.sweep()).toMatchObject({ smsMessages: 1 });
    expect(await rows(twostep, "sms_messages")).toBe(0);
    expect(await rows(twostep, "mail_outbox")).toBe(0);
  });

  it.runIf(run)("runs on its own timer, with nobody signing up or in", async () => {
    const core = await start({ sweepEveryMs: 50 });
    await requestSignUp(core, "gone-quiet@example.com");
    expect(await rows(core.twostep, "sign_up_requests")).toBe(1);
    core.clock.advance(SIGN_UP_LINK_MINUTES * 60_000 + 1);
    await expect.poll(() => rows(core.twostep, "sign_up_requests"), { timeout: 5_000, interval: 50 }).toBe(0);
  });

  it.runIf(run)("works off a backlog bigger than a batch, and two sweeps at once delete each row once", async () => {
    const clock = testClock();
    const first = await start({ clock });
    // Two instances on one PostgreSQL; PGlite has one instance per data folder, swept twice at once.
    const second = backend.name === "PostgreSQL" ? await start({ clock, database: first.database }) : first;
    const backlog = EXPIRED_DATA_BATCH * 2 + 17;
    const nowMs = clock.now();
    await first.twostep.db.execute(sql`
      INSERT INTO sessions (id, user_id, stage, factor, created_at_ms, expires_at_ms, last_seen_at_ms, ip, device)
      SELECT 'old-' || i, 'user-' || i, 'full', 'password', ${nowMs - 8 * DAY}::bigint, ${nowMs - DAY}::bigint - i, ${nowMs - 2 * DAY}::bigint, '198.51.100.9', NULL
      FROM generate_series(1, ${backlog}::int) AS i`);
    const owner = await first.twostep.accounts.signUp({ email: "backlog@example.com", password: PASSWORD, ip: "198.51.100.3" });
    if (!owner.ok) throw new Error(`sign-up failed: ${owner.code}`);
    const live = await first.twostep.sessions.open({ userId: owner.user.id, stage: "full", factor: "password" });

    const [a, b] = await Promise.all([first.twostep.expiredData.sweep(), second.twostep.expiredData.sweep()]);
    // One instance asked twice shares its sweep under way; two instances split the rows.
    if (second === first) expect(b).toEqual(a);
    expect(second === first ? a.sessions : a.sessions + b.sessions).toBe(backlog);
    expect(await rows(first.twostep, "sessions")).toBe(1);
    expect(await first.twostep.sessions.check(live.id)).toMatchObject({ id: live.id });
  });
});

describe("the expired-record sweep, while another instance saves a new code", async () => {
  const postgresBackend = backends.find((b) => b.name === "PostgreSQL")!;
  const run = await postgresBackend.enabled();
  const { start, closeAll } = coresOn(postgresBackend);
  afterAll(closeAll);

  it.runIf(run)("never sweeps a new code saved over an expired one while the sweep runs", async () => {
    const core = await start();
    const { twostep, clock } = core;
    const signedUp = await twostep.accounts.signUp({ email: "resend-at-sweep@example.com", password: PASSWORD, ip: "198.51.100.4" });
    if (!signedUp.ok) throw new Error(`sign-up failed: ${signedUp.code}`);
    const userId = signedUp.user.id;
    await twostep.twoFactor.beginPhoneEnrollment({ userId, phone: "+12015550124", ip: "198.51.100.4", signedInAtMs: clock.now() });
    clock.advance(DAY);
    // Another instance is saving a new code over the old row (its transaction not yet committed)
    // when the sweep reaches that row: the sweep waits for it, then finds a live code and keeps it.
    const other = postgres(core.database.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    try {
      const saving = other.reserve();
      const conn = await saving;
      await conn`BEGIN`;
      await conn`UPDATE challenges SET expires_at_ms = ${clock.now() + 600_000}, code_hash = ${"ab".repeat(32)} WHERE user_id = ${userId}`;
      const sweep = twostep.expiredData.sweep();
      await new Promise((resolve) => setTimeout(resolve, 300));
      await conn`COMMIT`;
      conn.release();
      expect(await sweep).toMatchObject({ challenges: 0 });
    } finally {
      await other.end();
    }
    expect(await rows(twostep, "challenges")).toBe(1);
  });
});
