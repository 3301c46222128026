// Behaviour: an operator helps a user locked out of their account from outside the running app:
// `user` shows factors, lock and last sign-in; `unlock` lifts the lock; `reset-2fa` removes every
// factor only with a reason (logged) and a confirmation (--yes when no one can be asked), and ends
// every session of the user, so whoever holds one signs in afresh; on
// PGlite (no server holding it), PostgreSQL, and PostgreSQL + Redis.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createLogger, totpCodeAt } from "@twostep/core";
import { createTwoStepFromConfig, loadConfig } from "@twostep/core/env";
import { createFreshDatabase } from "../support/fresh-database";
import { postgresAvailable, redisAvailable, TEST_REDIS_URL } from "../support/services";

const TIMEOUT_MS = 120_000;

function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join("node_modules", ".bin", "tsx"), ["--conditions=@twostep/source", "scripts/twostep-cli.ts", ...args], {
      cwd: process.cwd(),
      env: { NODE_ENV: "test", PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? os.tmpdir(), ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** A user with 2FA on through an authenticator app, locked by ten wrong app codes. */
async function lockedUserWithApp(env: Record<string, string>) {
  const twostep = await createTwoStepFromConfig(loadConfig(env), { logger: createLogger({ level: "silent" }) });
  try {
    const email = `op-${randomUUID()}@example.com`;
    const signedUp = await twostep.accounts.signUp({ email, password: "correct horse battery staple 42" });
    if (!signedUp.ok) throw new Error(`sign-up failed: ${JSON.stringify(signedUp)}`);
    const userId = signedUp.user.id;
    const begun = await twostep.twoFactor.beginAuthenticatorEnrollment({ userId, accountName: email });
    if (!begun.ok) throw new Error("enrollment did not start");
    const on = await twostep.twoFactor.confirmAuthenticatorEnrollment({ userId, factorId: begun.factorId, code: totpCodeAt(begun.secret, Date.now()) });
    expect(on).toMatchObject({ ok: true });
    const right = totpCodeAt(begun.secret, Date.now());
    const wrong = right === "000000" ? "111111" : "000000";
    for (let i = 0; i < 10; i++) await twostep.twoFactor.completeSignInWithAuthenticator({ userId, code: wrong });
    expect(await twostep.twoFactor.completeSignInWithAuthenticator({ userId, code: wrong })).toMatchObject({ code: "LOCKED" });
    const session = await twostep.sessions.open({ userId, stage: "full", factor: "totp" });
    return { email, userId, sessionId: session.id };
  } finally {
    await twostep.close();
  }
}

const backends: { name: string; enabled: () => Promise<boolean>; env: () => Promise<{ env: Record<string, string>; drop: () => Promise<void> }> }[] = [
  { name: "PGlite", enabled: async () => true, env: async () => ({ env: {}, drop: async () => {} }) },
  {
    name: "PostgreSQL",
    enabled: postgresAvailable,
    env: async () => {
      const fresh = await createFreshDatabase();
      return { env: { DATABASE_URL: fresh.url }, drop: fresh.drop };
    },
  },
  {
    name: "PostgreSQL + Redis",
    enabled: async () => (await postgresAvailable()) && (await redisAvailable()),
    env: async () => {
      const fresh = await createFreshDatabase();
      return { env: { DATABASE_URL: fresh.url, REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: `twostep-cli-${Date.now()}` }, drop: fresh.drop };
    },
  },
];

for (const backend of backends) {
  describe(`npm run twostep -- user / unlock / reset-2fa: ${backend.name}`, async () => {
    const run = await backend.enabled();
    it.runIf(run)("shows the lock and the app, lifts the lock, and resets 2FA only with a reason and --yes", { timeout: TIMEOUT_MS * 3 }, async () => {
      const store = await backend.env();
      const env = { NODE_ENV: "test", DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "twostep-cli-user-")), SMS_PROVIDER: "outbox", LOG_LEVEL: "silent", ...store.env };
      try {
        const { email, sessionId } = await lockedUserWithApp(env);

        const shown = await cli(["user", email, "--json"], env);
        expect(shown.stderr).toBe("");
        const report = JSON.parse(shown.stdout);
        expect(report).toMatchObject({ email, twoFactorEnabled: true, apps: [{ name: "Authenticator app" }], backupCodesLeft: 10 });
        expect(report.lock.lockedUntil).not.toBeNull();

        expect((await cli(["unlock", email], env)).code).toBe(0);
        expect(JSON.parse((await cli(["user", email, "--json"], env)).stdout).lock).toEqual({ failures: 0, lockedUntil: null });

        expect((await cli(["reset-2fa", email, "--yes"], env)).code).toBe(2); // no reason
        const unconfirmed = await cli(["reset-2fa", email, "--reason", "lost phone, ticket 42"], env);
        expect(unconfirmed.code).toBe(1);
        expect(unconfirmed.stderr).toMatch(/not confirmed/);
        expect(JSON.parse((await cli(["user", email, "--json"], env)).stdout).twoFactorEnabled).toBe(true);

        const reset = await cli(["reset-2fa", email, "--yes", "--reason", "lost phone, ticket 42", "--json"], env);
        expect(reset.code).toBe(0);
        expect(JSON.parse(reset.stdout)).toMatchObject({ appsRemoved: 1, sessionsEnded: 1 });
        const after = JSON.parse((await cli(["user", email, "--json"], env)).stdout);
        expect(after).toMatchObject({ twoFactorEnabled: false, apps: [], backupCodesLeft: 0 });

        const twostep = await createTwoStepFromConfig(loadConfig(env), { logger: createLogger({ level: "silent" }) });
        try {
          const events = await twostep.audit.recentForUser(after.userId, 20);
          expect(events.find((e) => e.type === "two_factor.reset")?.detail).toMatchObject({ reason: "lost phone, ticket 42", appsRemoved: 1 });
          expect(await twostep.sessions.check(sessionId)).toBeNull();
        } finally {
          await twostep.close();
        }
      } finally {
        await store.drop();
      }
    });
  });
}
