import type { Logger } from "../log/logger.js";
import { failClosed, takeLimit } from "../limits/guard.js";
import { PASSWORD_MAX_LENGTH, REAUTH_TRIES_PER_15_MINUTES, SIGN_IN_WINDOW_SECONDS } from "../policy.js";
import type { AccountLockStore } from "../ports/account-lock.js";
import type { ChallengeService } from "../challenge/challenge-service.js";
import type { AuditLog } from "../ports/audit-log.js";
import { withinStoreDeadline } from "../ports/challenge-store.js";
import type { LimiterFactory } from "../ports/limiter.js";
import type { UserFactorStore } from "../ports/user-factor-store.js";
import { ACCOUNT_LOCKOUT, type AuthenticatorFactor, type AuthenticatorView } from "./authenticator-factor.js";
import { BACKUP_CODE_COUNT, generateBackupCode, hashBackupCode, normalizeBackupCode } from "./backup-codes.js";
import type { TwoFactorService } from "./two-factor-service.js";
import { deviceDetail } from "../sessions/describe-device.js";

/** The factors a second step can be passed with; "password" on a session means none was owed. */
export type SecondFactor = "sms" | "totp" | "backup_code";
export type SessionFactor = SecondFactor | "password";
/** optional: each user decides; required: a user with no factor must enroll one before anything else. */
export type TwoFactorPolicy = "optional" | "required";

type Ip = string | null | undefined;

export type WithAuthenticatorsDeps = {
  users: UserFactorStore;
  authenticator: AuthenticatorFactor;
  lock: AccountLockStore;
  challenges: ChallengeService;
  audit: AuditLog;
  limiter: LimiterFactory;
  codeHashKey: string;
  logger: Logger;
  policy: TwoFactorPolicy;
  now?: () => number;
};

/**
 * The two-factor service with authenticator apps beside the phone: a choice of factor at sign-in
 * (the one used last, else the app, so an SMS goes out only when SMS is asked for), enrollment,
 * rename and removal of apps, the last-factor rule, the 2FA policy, and the operator's tools.
 * Everything of the SMS service stays as it was; what changes is wrapped, not rewritten.
 */
export function withAuthenticators(base: TwoFactorService, deps: WithAuthenticatorsDeps) {
  const { users, authenticator, lock, audit, logger } = deps;
  const now = deps.now ?? Date.now;
  const note = (work: Promise<unknown>) => withinStoreDeadline(work).catch((err: unknown) => logger.error({ err }, "could not record an audit event"));
  // The same limiter name as the SMS service's re-authentication: one budget of password re-checks.
  const reauthTries = deps.limiter({ name: "reauth:user", points: REAUTH_TRIES_PER_15_MINUTES, durationSeconds: SIGN_IN_WINDOW_SECONDS });

  async function available(userId: string): Promise<SecondFactor[]> {
    const factors = await users.read(userId);
    if (!factors?.twoFactorEnabled) return [];
    const list: SecondFactor[] = [];
    if (await authenticator.hasAny(userId)) list.push("totp");
    if (factors.phoneE164) list.push("sms");
    if (list.length > 0) list.push("backup_code");
    return list;
  }

  /** The factor this user passed the second step with last (sms or totp), from the security log. */
  async function lastUsed(userId: string): Promise<SecondFactor | null> {
    try {
      const events = await withinStoreDeadline(audit.recentForUser(userId, 50));
      const last = events.find((e) => e.type === "sign_in.succeeded" && (e.detail?.factor === "sms" || e.detail?.factor === "totp"));
      return (last?.detail?.factor as SecondFactor | undefined) ?? null;
    } catch {
      return null; // Advice only: without the log, the default order decides.
    }
  }

  async function issueBackupCodes(userId: string): Promise<string[]> {
    const codes = Array.from({ length: BACKUP_CODE_COUNT }, generateBackupCode);
    await users.replaceBackupCodes(userId, codes.map((c) => hashBackupCode(deps.codeHashKey, userId, normalizeBackupCode(c) ?? "")));
    await note(audit.record({ userId, type: "backup_codes.generated" }));
    return codes;
  }

  async function recheckPassword(userId: string, password: unknown) {
    const refused = await takeLimit(reauthTries, userId);
    if (refused) return refused;
    const typed = typeof password === "string" ? password.slice(0, PASSWORD_MAX_LENGTH) : "";
    return { ok: await users.checkPassword(userId, typed) } as const;
  }

  /** A second step passed with a factor this user still holds (not the password alone). */
  const passedWithFactor = (sessionFactor: SessionFactor | null | undefined) =>
    sessionFactor === "sms" || sessionFactor === "totp" || sessionFactor === "backup_code";

  const service = {
    ...base,

    policy: deps.policy,

    /** Every factor of the user as settings show them; never a secret or a whole number. */
    async factors(userId: string) {
      // The user and their apps side by side: a page that shows this waits for one read, not two.
      const [factors, apps] = await Promise.all([users.read(userId), authenticator.list(userId)]);
      if (!factors) return null;
      return {
        twoFactorEnabled: factors.twoFactorEnabled,
        sms: factors.twoFactorEnabled && factors.phoneE164 ? { phoneLastDigits: factors.phoneE164.slice(-4) } : null,
        apps,
        backupCodesLeft: factors.twoFactorEnabled ? await users.unusedBackupCodeCount(userId) : 0,
      };
    },

    /** The factors a pending sign-in may use ("try another way" lists them). */
    availableSecondFactors: available,

    /** True when the policy requires 2FA and this user has no factor yet: the session may only enroll. */
    async mustEnroll(userId: string): Promise<boolean> {
      if (deps.policy !== "required") return false;
      return (await available(userId)).length === 0;
    },

    /**
     * After the password: does this sign-in owe a second factor, and which one is asked for first?
     * The one used last, else the app when there is one. An SMS goes out only when SMS is asked.
     */
    async beginSignIn(input: { userId: string; ip?: Ip }) {
      const factors = await available(input.userId);
      if (factors.length === 0) return { secondFactorRequired: false, factor: null, available: factors, send: null } as const;
      const last = await lastUsed(input.userId);
      const factor: SecondFactor = last && factors.includes(last) ? last : factors.includes("totp") ? "totp" : "sms";
      const send = factor === "sms" ? await base.sendSignInCode(input) : null;
      return { secondFactorRequired: true, factor, available: factors, send } as const;
    },

    /** "Try another way": SMS sends a code now; the app and backup codes send nothing. */
    async chooseSignInFactor(input: { userId: string; factor: unknown; ip?: Ip }) {
      const factors = await available(input.userId);
      const factor = input.factor as SecondFactor;
      if (!factors.includes(factor)) return { ok: false, code: "INVALID_INPUT", field: "factor" } as const;
      if (factor !== "sms") return { ok: true, factor, send: null } as const;
      const send = await base.sendSignInCode(input);
      return send.ok ? ({ ok: true, factor, send } as const) : send;
    },

    /** The second step with an authenticator app's code; on success the caller upgrades the session. */
    async completeSignInWithAuthenticator(input: { userId: string; code: unknown; ip?: Ip; userAgent?: string | null }) {
      const result = await authenticator.verify(input);
      if (!result.ok) return result;
      await failClosed(logger, () => deps.challenges.cancel({ userId: input.userId, purpose: "sign_in" }), "cancelling the sign-in SMS code");
      await note(audit.record({ userId: input.userId, type: "sign_in.succeeded", ip: input.ip, detail: { factor: "totp", ...deviceDetail(input.userAgent) } }));
      return { ok: true, factor: "totp" } as const;
    },

    /** A wrong backup code now also counts on the account lock all factors share. */
    async completeSignInWithBackupCode(input: { userId: string; code: unknown; ip?: Ip; userAgent?: string | null; knownDevice?: boolean }) {
      const result = await base.completeSignInWithBackupCode(input);
      if (!result.ok && result.code === "INVALID_BACKUP_CODE") {
        await failClosed(logger, () => lock.checkTotpStep({ userId: input.userId, step: null, nowMs: now(), lockout: ACCOUNT_LOCKOUT }), "counting a wrong backup code");
      }
      return result;
    },

    /**
     * Starts adding an app. With 2FA already on, the session must have passed its second step
     * with a factor (a password alone must not add a way in).
     */
    async beginAuthenticatorEnrollment(input: { userId: string; accountName: string; name?: unknown; sessionFactor?: SessionFactor | null }) {
      const factors = await users.read(input.userId);
      if (factors?.twoFactorEnabled && !passedWithFactor(input.sessionFactor)) return { ok: false, code: "REAUTH_REQUIRED" } as const;
      return authenticator.beginEnrollment(input);
    },

    /** The app's first code; with 2FA off this turns it on, with a new set of backup codes to show once. */
    async confirmAuthenticatorEnrollment(input: { userId: string; factorId: unknown; code: unknown; ip?: Ip }) {
      const result = await authenticator.confirmEnrollment(input);
      if (!result.ok) return result;
      return failClosed(logger, async () => {
        const factors = await users.read(input.userId);
        if (!factors || factors.twoFactorEnabled) return { ok: true, factorId: result.factorId, backupCodes: null } as const;
        const backupCodes = await issueBackupCodes(input.userId);
        await users.setTwoFactorEnabled(input.userId, true);
        await note(audit.record({ userId: input.userId, type: "two_factor.enabled", ip: input.ip, detail: { factor: "totp" } }));
        return { ok: true, factorId: result.factorId, backupCodes } as const;
      }, "turning 2FA on with an authenticator");
    },

    renameAuthenticator: authenticator.rename,

    /**
     * Removes an app. The session must have passed its second step with a factor. The last factor
     * also needs the password and a code from that factor, and turns 2FA off (backup codes void).
     * Whether it is the last is the store's answer at the moment of the delete, not an earlier read:
     * two removals at once must not each see the other app, skip the checks and leave none.
     */
    async removeAuthenticator(input: { userId: string; factorId: unknown; sessionFactor?: SessionFactor | null; password?: unknown; code?: unknown; ip?: Ip }) {
      if (!passedWithFactor(input.sessionFactor)) return { ok: false, code: "REAUTH_REQUIRED" } as const;
      if (typeof input.factorId !== "string") return { ok: false, code: "NOT_FOUND" } as const;
      const factorId = input.factorId;
      // With 2FA on, a phone stays a factor until 2FA goes off (nothing removes it, and turning 2FA
      // off removes every app too), so beside it no app is the last factor.
      if ((await available(input.userId)).includes("sms")) return authenticator.remove({ userId: input.userId, factorId, ip: input.ip });
      const outcome = await failClosed(logger, () => authenticator.removeUnlessLast({ userId: input.userId, factorId, ip: input.ip }), "removing an authenticator");
      if (typeof outcome !== "string") return outcome;
      if (outcome === "removed") return { ok: true } as const;
      if (outcome === "not_found") return { ok: false, code: "NOT_FOUND" } as const;
      // The last factor. A request without a password was made believing another app remained (one
      // removed at the same time, say): say what this one takes instead of spending a re-check.
      if (typeof input.password !== "string" || input.password === "") return { ok: false, code: "INVALID_INPUT", field: "password", lastFactor: true } as const;
      const checked = await failClosed(logger, () => recheckPassword(input.userId, input.password), "password re-check");
      if ("code" in checked) return checked;
      if (!checked.ok) return { ok: false, code: "INVALID_CREDENTIALS" } as const;
      const code = await authenticator.verify({ userId: input.userId, code: input.code });
      if (!code.ok) return code.code === "LOCKED" || code.code === "UNAVAILABLE" ? code : ({ ok: false, code: "INVALID_CREDENTIALS" } as const);
      const removed = await authenticator.remove({ userId: input.userId, factorId, ip: input.ip });
      if (!removed.ok) return removed;
      return failClosed(logger, async () => {
        await users.setTwoFactorEnabled(input.userId, false);
        await users.replaceBackupCodes(input.userId, []);
        // No factor outlives 2FA, as when it is turned off with SMS: an app whose enrollment was
        // confirmed while this removal ran (it read 2FA still on, so it did not turn it on) would
        // otherwise stay listed as a factor of an account that signs in with the password alone.
        await authenticator.removeAll(input.userId);
        await note(audit.record({ userId: input.userId, type: "two_factor.disabled", ip: input.ip, detail: { factor: "totp" } }));
        return { ok: true, twoFactorEnabled: false } as const;
      }, "turning 2FA off with its last factor");
    },

    /** Turning 2FA off with the SMS code also removes every app: no factor outlives 2FA. */
    async disableTwoFactor(input: { userId: string; password: unknown; code: unknown; ip?: Ip }) {
      const result = await base.disableTwoFactor(input);
      if (result.ok) await failClosed(logger, () => authenticator.removeAll(input.userId), "removing authenticators");
      return result;
    },

    /** For operators: the lock as it stands. */
    lockState: (userId: string) => lock.read(userId, now()),

    /** For operators: forget the failures and lift the lock. */
    async unlock(input: { userId: string; reason?: string }) {
      await lock.clear(input.userId);
      await note(audit.record({ userId: input.userId, type: "account.unlocked", detail: input.reason ? { reason: input.reason } : {} }));
    },

    /**
     * For operators, when a user lost every factor: removes the apps and backup codes and turns
     * 2FA off, with the operator's reason logged. The phone stays on record, no longer a factor:
     * with 2FA off it signs no one in, turning 2FA on again needs a fresh proof of a number, and
     * the UserFactorStore port hosts implement has no way to remove one. The owner's notice
     * (notices/notice-text.ts) says so.
     */
    async resetTwoFactor(input: { userId: string; reason: string; operator?: string }) {
      const apps = await authenticator.removeAll(input.userId);
      await users.replaceBackupCodes(input.userId, []);
      await users.setTwoFactorEnabled(input.userId, false);
      await lock.clear(input.userId);
      await audit.record({ userId: input.userId, type: "two_factor.reset", detail: { reason: input.reason, operator: input.operator ?? null, appsRemoved: apps } });
      return { appsRemoved: apps };
    },
  };
  return service;
}

export type TwoFactorWithAuthenticators = ReturnType<typeof withAuthenticators>;
export type { AuthenticatorView };
