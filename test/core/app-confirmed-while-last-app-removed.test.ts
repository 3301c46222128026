// Threat: an app-only account removes its last app (turning 2FA off) while a second app's
// enrollment is confirmed. The confirmation read 2FA as still on, so it did not turn it on again,
// and the removal then turned it off: the account is left signing in with the password alone while
// the settings list an authenticator app as its factor. No factor outlives 2FA. Deterministic: the
// confirmation runs at the one point in between, through the user store the core is given.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger, createTwoStep, totpCodeAt, TOTP_PERIOD_SECONDS, type TwoStepCore, type UserFactorStore } from "@twostep/core";
import { createAccountService } from "@twostep/core/accounts";
import { createOutboxSender } from "@twostep/core/outbox";
import {
  createSqlAuditLog,
  createSqlAuthenticatorStore,
  createSqlPumpingStore,
  createSqlSmsLog,
  createSqlStateStore,
  createSqlUserFactorStore,
  createUserRepository,
  openDatabase,
  type DatabaseHandle,
} from "@twostep/core/sql";
import { testClock } from "../support/fixtures";

const PASSWORD = "correct horse battery staple";

describe("an app confirmed while the last app is removed", () => {
  let handle: DatabaseHandle;
  let core: TwoStepCore;
  let accounts: ReturnType<typeof createAccountService>;
  const clock = testClock();
  /** Runs once, inside the removal, just before it turns 2FA off. */
  let beforeTurningOff: (() => Promise<void>) | null = null;

  beforeAll(async () => {
    handle = await openDatabase({ pgliteMemory: true });
    const logger = createLogger({ level: "silent" });
    const store = createSqlStateStore(handle.db);
    const users = createSqlUserFactorStore(handle.db);
    const racing: UserFactorStore = {
      ...users,
      async setTwoFactorEnabled(userId, enabled) {
        const interleave = enabled ? null : beforeTurningOff;
        beforeTurningOff = null;
        if (interleave) await interleave();
        return users.setTwoFactorEnabled(userId, enabled);
      },
    };
    core = createTwoStep({
      codeHashKey: randomBytes(32).toString("base64url"),
      totpEncryptionKey: randomBytes(32).toString("base64url"),
      store,
      sms: createOutboxSender({ logger }),
      smsLog: createSqlSmsLog(handle.db),
      audit: createSqlAuditLog(handle.db),
      users: racing,
      authenticators: createSqlAuthenticatorStore(handle.db),
      pumping: createSqlPumpingStore(handle.db),
      logger,
      now: clock.now,
    });
    accounts = createAccountService({ users: createUserRepository(handle.db), audit: core.audit, limiter: store.limiter, logger });
  });
  afterAll(async () => handle.close());

  it("leaves 2FA off with no app, never off with an app listed", async () => {
    const signedUp = await accounts.signUp({ email: "race@example.com", password: PASSWORD });
    if (!signedUp.ok) throw new Error(signedUp.code);
    const userId = signedUp.user.id;

    // The only factor: app A, whose confirmation turned 2FA on.
    const a = await core.twoFactor.beginAuthenticatorEnrollment({ userId, accountName: "race@example.com", name: "A", sessionFactor: null });
    if (!a.ok) throw new Error(a.code);
    expect(await core.twoFactor.confirmAuthenticatorEnrollment({ userId, factorId: a.factorId, code: totpCodeAt(a.secret, clock.now()) })).toMatchObject({ ok: true });
    clock.advance(TOTP_PERIOD_SECONDS * 1000 + 1000);
    // App B's enrollment is open in another tab.
    const b = await core.twoFactor.beginAuthenticatorEnrollment({ userId, accountName: "race@example.com", name: "B", sessionFactor: "totp" });
    if (!b.ok) throw new Error(b.code);

    let confirmedB: unknown = null;
    beforeTurningOff = async () => {
      confirmedB = await core.twoFactor.confirmAuthenticatorEnrollment({ userId, factorId: b.factorId, code: totpCodeAt(b.secret, clock.now()) });
    };
    const removed = await core.twoFactor.removeAuthenticator({ userId, factorId: a.factorId, sessionFactor: "totp", password: PASSWORD, code: totpCodeAt(a.secret, clock.now()) });
    expect(removed).toEqual({ ok: true, twoFactorEnabled: false });
    // The interleaving happened: B's confirmation saw 2FA on and passed.
    expect(confirmedB).toMatchObject({ ok: true, backupCodes: null });

    const after = await core.twoFactor.factors(userId);
    expect(after).toMatchObject({ twoFactorEnabled: false });
    expect(after?.apps ?? []).toEqual([]);
  });
});
