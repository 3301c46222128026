// Threat: a stolen full session removes both authenticator apps of an app-only account at once;
// each removal sees the other app, so neither asks for the password and a code, and the account is
// left with 2FA on and no factor (sign-in then asks for none, and no "2FA off" notice goes out).
// The whole core on every store: PGlite, PostgreSQL, and PostgreSQL with Redis as the state store.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeFailure, lastFactorRemovalMessage, totpCodeAt, TOTP_PERIOD_SECONDS } from "@twostep/core";
import { openRedis } from "@twostep/core/redis";
import { startCore } from "../support/core-instance";
import { createFreshDatabase } from "../support/fresh-database";
import { postgresAvailable, redisAvailable, TEST_REDIS_URL } from "../support/services";

const PASSWORD = "correct horse battery staple";
const IP = "203.0.113.5";

type Setup = { env: Record<string, string>; close(): Promise<void> };

const stores: [string, () => Promise<boolean>, () => Promise<Setup>][] = [
  ["PGlite", async () => true, async () => ({ env: {}, close: async () => {} })],
  ["PostgreSQL", postgresAvailable, async () => {
    const fresh = await createFreshDatabase();
    return { env: { DATABASE_URL: fresh.url }, close: fresh.drop };
  }],
  ["PostgreSQL and Redis", async () => (await postgresAvailable()) && (await redisAvailable()), async () => {
    const fresh = await createFreshDatabase();
    const prefix = `twostep-test-${randomUUID()}`;
    return {
      env: { DATABASE_URL: fresh.url, REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: prefix },
      close: async () => {
        const redis = await openRedis(TEST_REDIS_URL);
        const keys = await redis.keys(`${prefix}:*`);
        if (keys.length > 0) await redis.del(...keys);
        redis.disconnect();
        await fresh.drop();
      },
    };
  }],
];

describe.each(stores)("removing two authenticator apps at once on %s", async (_name, available, open) => {
  const run = await available();
  let setup: Setup;
  let core: Awaited<ReturnType<typeof startCore>>;
  beforeAll(async () => {
    if (!run) return;
    setup = await open();
    core = await startCore(setup.env);
  });
  afterAll(async () => {
    if (!run) return;
    await core.stop();
    await setup.close();
  });

  /** An account whose only factors are two apps; returns their ids and secrets. */
  async function twoAppsOnly() {
    const t = core.twostep;
    const signedUp = await t.accounts.signUp({ email: `r-${randomUUID()}@example.com`, password: PASSWORD, ip: IP });
    if (!signedUp.ok) throw new Error(JSON.stringify(signedUp));
    const userId = signedUp.user.id;
    const apps: { id: string; secret: string }[] = [];
    for (const name of ["phone", "tablet"]) {
      const begun = await t.twoFactor.beginAuthenticatorEnrollment({ userId, accountName: "x@example.com", name, sessionFactor: apps.length ? "totp" : null });
      if (!begun.ok) throw new Error(JSON.stringify(begun));
      const confirmed = await t.twoFactor.confirmAuthenticatorEnrollment({ userId, factorId: begun.factorId, code: totpCodeAt(begun.secret, core.clock.now()), ip: IP });
      expect(confirmed).toMatchObject({ ok: true });
      apps.push({ id: begun.factorId, secret: begun.secret });
      // A fresh step for the next app's first code (and for any code typed later).
      core.clock.advance(TOTP_PERIOD_SECONDS * 1000 + 1000);
    }
    return { userId, apps };
  }

  it.runIf(run)("at most one goes without the last-factor checks, and 2FA is never left on with no factor", async () => {
    const t = core.twostep;
    for (let round = 0; round < 5; round++) {
      const { userId, apps } = await twoAppsOnly();
      const results = await Promise.all(apps.map((app) => t.twoFactor.removeAuthenticator({ userId, factorId: app.id, sessionFactor: "totp", ip: IP })));
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      // The other is told what removing the last factor takes, and nothing else happened.
      const refused = results.find((r) => !r.ok);
      expect(refused).toEqual({ ok: false, code: "INVALID_INPUT", field: "password", lastFactor: true });
      // What the person reads says why and what it takes now, not "some details are missing".
      expect(describeFailure(refused as { code: "INVALID_INPUT"; lastFactor: true })).toBe(lastFactorRemovalMessage);
      const after = await t.twoFactor.factors(userId);
      expect(after).toMatchObject({ twoFactorEnabled: true });
      expect(after?.apps).toHaveLength(1);
      expect((await t.twoFactor.beginSignIn({ userId, ip: IP })).secondFactorRequired).toBe(true);
    }
  });

  it.runIf(run)("the one left then goes with the password and its code, and turns 2FA off", async () => {
    const t = core.twostep;
    const { userId, apps } = await twoAppsOnly();
    await Promise.all(apps.map((app) => t.twoFactor.removeAuthenticator({ userId, factorId: app.id, sessionFactor: "totp", ip: IP })));
    const remaining = (await t.twoFactor.factors(userId))?.apps[0]?.id;
    const app = apps.find((a) => a.id === remaining);
    if (!app) throw new Error("no app left");
    const removed = await t.twoFactor.removeAuthenticator({
      userId, factorId: app.id, sessionFactor: "totp", password: PASSWORD, code: totpCodeAt(app.secret, core.clock.now()), ip: IP,
    });
    expect(removed).toEqual({ ok: true, twoFactorEnabled: false });
    expect(await t.twoFactor.factors(userId)).toMatchObject({ twoFactorEnabled: false, apps: [] });
    const events = await t.audit.recentForUser(userId, 20);
    expect(events.map((e) => e.type)).toContain("two_factor.disabled");
  });

  it.runIf(run)("both at once with the password and their codes: at most one turns 2FA off, none leaves it on with no factor", async () => {
    const t = core.twostep;
    const { userId, apps } = await twoAppsOnly();
    const results = await Promise.all(apps.map((app) => t.twoFactor.removeAuthenticator({
      userId, factorId: app.id, sessionFactor: "totp", password: PASSWORD, code: totpCodeAt(app.secret, core.clock.now()), ip: IP,
    })));
    expect(results.filter((r) => r.ok).length).toBeGreaterThanOrEqual(1);
    const after = await t.twoFactor.factors(userId);
    if (after?.apps.length === 0) expect(after.twoFactorEnabled).toBe(false);
    else expect(after?.twoFactorEnabled).toBe(true);
  });
});
