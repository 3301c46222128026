import { z } from "zod";
import type { AuditLog } from "../audit/audit-log";
import type { ChallengeService, SendResult, VerifyFailure } from "../challenge/challenge-service";
import type { LimiterFactory } from "../limits/limiter";
import type { Logger } from "../log/logger";
import { maskPhone } from "../phone/mask-phone";
import { normalizePhone } from "../phone/normalize-phone";
import {
  BACKUP_CODE_TRIES_PER_15_MINUTES,
  HOUR_SECONDS,
  PHONE_CHANGE_REAUTH_MINUTES,
  PHONE_PROOF_FRESH_MINUTES,
  REAUTH_TRIES_PER_15_MINUTES,
  SIGN_INS_PER_EMAIL_PER_15_MINUTES,
  SIGN_INS_PER_IP_PER_15_MINUTES,
  SIGN_IN_WINDOW_SECONDS,
  SIGN_UPS_PER_IP_PER_HOUR,
} from "../policy";
import type { Failure } from "../result-codes";
import { StoreUnavailableError, withinStoreDeadline } from "../store/challenge-store";
import { BACKUP_CODE_COUNT, generateBackupCode, hashBackupCode, normalizeBackupCode } from "./backup-codes";
import { hashPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, verifyPassword } from "./password";
import type { User, UserRepository } from "./user-repository";

export type AccountServiceDeps = {
  users: UserRepository;
  challenges: ChallengeService;
  audit: AuditLog;
  limiter: LimiterFactory;
  /** Key for backup-code hashes (the same server key as one-time codes). */
  codeHashKey: string;
  logger: Logger;
  now?: () => number;
};

/** What the web and API layers may know of a user. */
export type AccountView = {
  id: string;
  email: string;
  phoneLastDigits: string | null;
  phoneVerifiedAt: Date | null;
  twoFactorEnabled: boolean;
};

const email = z.string().trim().toLowerCase().max(254).pipe(z.email());
const password = z.string().min(PASSWORD_MIN_LENGTH).max(PASSWORD_MAX_LENGTH);
const credentials = z.object({ email, password });

type Rejection = Failure<"RATE_LIMITED", { retryAfterSeconds: number }>;
type Ip = string | null | undefined;

/**
 * Accounts around the challenge service: sign-up, password check, phone enrollment, 2FA on and
 * off, backup codes. Sign-in failures never say whether the email exists or which factor failed.
 */
export function createAccountService(deps: AccountServiceDeps) {
  const { users, challenges, audit, codeHashKey, logger } = deps;
  const now = deps.now ?? Date.now;
  const limits = {
    signInsPerIp: deps.limiter({ name: "signin:ip", points: SIGN_INS_PER_IP_PER_15_MINUTES, durationSeconds: SIGN_IN_WINDOW_SECONDS }),
    signInsPerEmail: deps.limiter({ name: "signin:email", points: SIGN_INS_PER_EMAIL_PER_15_MINUTES, durationSeconds: SIGN_IN_WINDOW_SECONDS }),
    signUpsPerIp: deps.limiter({ name: "signup:ip", points: SIGN_UPS_PER_IP_PER_HOUR, durationSeconds: HOUR_SECONDS }),
    reauthTries: deps.limiter({ name: "reauth:user", points: REAUTH_TRIES_PER_15_MINUTES, durationSeconds: SIGN_IN_WINDOW_SECONDS }),
    backupTries: deps.limiter({ name: "backup:user", points: BACKUP_CODE_TRIES_PER_15_MINUTES, durationSeconds: SIGN_IN_WINDOW_SECONDS }),
  };
  const note = (work: Promise<unknown>) => withinStoreDeadline(work).catch((err: unknown) => logger.error({ err }, "could not record an audit event"));

  async function guarded<T>(work: () => Promise<T>, what: string): Promise<T | Failure<"UNAVAILABLE">> {
    try {
      return await work();
    } catch (error) {
      logger[error instanceof StoreUnavailableError ? "warn" : "error"]({ err: error }, `${what} failed`);
      return { ok: false, code: "UNAVAILABLE" };
    }
  }

  async function take(limiter: (typeof limits)[keyof typeof limits], key: Ip): Promise<Rejection | null> {
    if (!key) return null;
    const decision = await limiter.consume(key);
    return decision.allowed ? null : { ok: false, code: "RATE_LIMITED", retryAfterSeconds: decision.retryAfterSeconds };
  }

  async function userOrThrow(userId: string): Promise<User> {
    const user = await users.byId(userId);
    if (!user) throw new Error("session names a user that no longer exists");
    return user;
  }

  async function issueBackupCodes(userId: string): Promise<string[]> {
    const codes = Array.from({ length: BACKUP_CODE_COUNT }, generateBackupCode);
    await users.replaceBackupCodes(userId, codes.map((c) => hashBackupCode(codeHashKey, userId, normalizeBackupCode(c) ?? "")));
    await note(audit.record({ userId, type: "backup_codes.generated" }));
    return codes;
  }

  return {
    view(user: User): AccountView {
      return {
        id: user.id,
        email: user.email,
        phoneLastDigits: user.phoneE164 ? user.phoneE164.slice(-4) : null,
        phoneVerifiedAt: user.phoneVerifiedAt,
        twoFactorEnabled: user.twoFactorEnabled,
      };
    },

    async byId(userId: string): Promise<User | null> {
      return users.byId(userId);
    },

    async signUp(input: { email: unknown; password: unknown; ip?: Ip }) {
      const parsed = credentials.safeParse({ email: input.email, password: input.password });
      if (!parsed.success) {
        const field = String(parsed.error.issues[0]?.path[0] ?? "");
        return { ok: false, code: "INVALID_INPUT", field } as const;
      }
      return guarded(async () => {
        const refused = await take(limits.signUpsPerIp, input.ip);
        if (refused) return refused;
        const user = await users.create({ email: parsed.data.email, passwordHash: await hashPassword(parsed.data.password) });
        if (!user) return { ok: false, code: "SIGN_UP_REFUSED" } as const;
        return { ok: true, user } as const;
      }, "sign-up");
    },

    /** The password step. Unknown email and wrong password answer alike, in the same time. */
    async authenticate(input: { email: unknown; password: unknown; ip?: Ip }) {
      const parsed = credentials.safeParse({ email: input.email, password: input.password });
      return guarded(async () => {
        const refused = (await take(limits.signInsPerIp, input.ip)) ?? (parsed.success ? await take(limits.signInsPerEmail, parsed.data.email) : null);
        if (refused) return refused;
        const user = parsed.success ? await users.byEmail(parsed.data.email) : null;
        // Always hash: a malformed or unknown email costs what a wrong password costs.
        const passwordOk = await verifyPassword(user?.passwordHash ?? null, typeof input.password === "string" ? input.password.slice(0, PASSWORD_MAX_LENGTH) : "");
        if (!user || !passwordOk) {
          await note(audit.record({ userId: user?.id ?? null, type: "sign_in.failed", ip: input.ip, detail: { step: "password" } }));
          return { ok: false, code: "INVALID_CREDENTIALS" } as const;
        }
        await limits.signInsPerEmail.reset(user.email);
        await note(audit.record({ userId: user.id, type: user.twoFactorEnabled ? "sign_in.password_ok" : "sign_in.succeeded", ip: input.ip }));
        return { ok: true, user } as const;
      }, "password check");
    },

    /** Sends the sign-in code to the number on record. */
    async sendSignInCode(input: { userId: string; ip?: Ip }): Promise<SendResult> {
      const user = await users.byId(input.userId);
      if (!user?.phoneE164 || !user.twoFactorEnabled) return { ok: false, code: "NOT_FOUND" };
      return challenges.start({ userId: user.id, purpose: "sign_in", phone: user.phoneE164, ip: input.ip });
    },

    /** The second step of sign-in; on success the caller upgrades the session. */
    async completeSignIn(input: { userId: string; code: unknown; ip?: Ip }) {
      const result = await challenges.verify({ userId: input.userId, purpose: "sign_in", code: input.code, ip: input.ip });
      if (result.ok) await note(audit.record({ userId: input.userId, type: "sign_in.succeeded", ip: input.ip, detail: { factor: "sms" } }));
      return result;
    },

    /** Sign-in with a backup code instead of the SMS code; each code works once. */
    async completeSignInWithBackupCode(input: { userId: string; code: unknown; ip?: Ip }) {
      const normalized = normalizeBackupCode(input.code);
      if (!normalized) return { ok: false, code: "INVALID_BACKUP_CODE" } as const;
      return guarded(async () => {
        const refused = await take(limits.backupTries, input.userId);
        if (refused) return refused;
        const used = await users.consumeBackupCode(input.userId, hashBackupCode(codeHashKey, input.userId, normalized));
        if (!used) {
          await note(audit.record({ userId: input.userId, type: "sign_in.failed", ip: input.ip, detail: { step: "backup_code" } }));
          return { ok: false, code: "INVALID_BACKUP_CODE" } as const;
        }
        await challenges.cancel({ userId: input.userId, purpose: "sign_in" });
        await note(audit.record({ userId: input.userId, type: "backup_code.used", ip: input.ip, detail: { left: await users.unusedBackupCodeCount(input.userId) } }));
        await note(audit.record({ userId: input.userId, type: "sign_in.succeeded", ip: input.ip, detail: { factor: "backup_code" } }));
        return { ok: true } as const;
      }, "backup code check");
    },

    /**
     * Sends a code to a new number; the number is saved only when that code comes back. With 2FA
     * on, the caller must have signed in (with the current factor) in the last few minutes:
     * `signedInAtMs` is when the session passed its second factor.
     */
    async beginPhoneEnrollment(input: { userId: string; phone: unknown; ip?: Ip; signedInAtMs?: number }): Promise<SendResult | Failure<"REAUTH_REQUIRED">> {
      const parsed = normalizePhone(input.phone);
      if (!parsed.ok) return parsed;
      const user = await users.byId(input.userId);
      const recent = input.signedInAtMs !== undefined && now() - input.signedInAtMs <= PHONE_CHANGE_REAUTH_MINUTES * 60_000;
      if (user?.twoFactorEnabled && user.phoneE164 && !recent) return { ok: false, code: "REAUTH_REQUIRED" };
      return challenges.start({ userId: input.userId, purpose: "enroll_phone", phone: parsed.phone.e164, ip: input.ip });
    },

    /** Re-proves the number already on record (so 2FA can be turned on later). */
    async reverifyPhone(input: { userId: string; ip?: Ip }): Promise<SendResult> {
      const user = await users.byId(input.userId);
      if (!user?.phoneE164) return { ok: false, code: "NOT_FOUND" };
      return challenges.start({ userId: user.id, purpose: "enroll_phone", phone: user.phoneE164, ip: input.ip });
    },

    async confirmPhoneEnrollment(input: { userId: string; code: unknown; ip?: Ip }) {
      const result = await challenges.verify({ userId: input.userId, purpose: "enroll_phone", code: input.code, ip: input.ip });
      if (!result.ok) return result;
      return guarded(async () => {
        const before = await userOrThrow(input.userId);
        await users.setPhone(input.userId, result.phoneE164, new Date(now()));
        if (before.phoneE164 !== result.phoneE164) {
          await note(audit.record({ userId: input.userId, type: "phone.changed", ip: input.ip, detail: { phone: maskPhone(result.phoneE164) } }));
        }
        return { ok: true, phoneLastDigits: result.phoneE164.slice(-4) } as const;
      }, "saving a phone");
    },

    /** Turns 2FA on; returns fresh backup codes when the user had none left (shown once). */
    async enableTwoFactor(input: { userId: string; ip?: Ip }) {
      return guarded(async () => {
        const user = await userOrThrow(input.userId);
        const fresh = user.phoneE164 && user.phoneVerifiedAt && now() - user.phoneVerifiedAt.getTime() <= PHONE_PROOF_FRESH_MINUTES * 60_000;
        if (!fresh) return { ok: false, code: "PHONE_NOT_VERIFIED" } as const;
        if (!user.twoFactorEnabled) {
          await users.setTwoFactor(user.id, true);
          await note(audit.record({ userId: user.id, type: "two_factor.enabled", ip: input.ip }));
        }
        const backupCodes = (await users.unusedBackupCodeCount(user.id)) === 0 ? await issueBackupCodes(user.id) : null;
        return { ok: true, backupCodes } as const;
      }, "enabling 2FA");
    },

    async sendDisableCode(input: { userId: string; ip?: Ip }): Promise<SendResult> {
      const user = await users.byId(input.userId);
      if (!user?.phoneE164 || !user.twoFactorEnabled) return { ok: false, code: "NOT_FOUND" };
      return challenges.start({ userId: user.id, purpose: "disable_2fa", phone: user.phoneE164, ip: input.ip });
    },

    /**
     * Turning 2FA off needs the password and a current code; a failure of either answers
     * INVALID_CREDENTIALS, so the answer never says which one was wrong. The password goes first
     * (with its own limit), so a mistyped password doesn't burn the code the user just received.
     */
    async disableTwoFactor(input: { userId: string; password: unknown; code: unknown; ip?: Ip }) {
      const checked = await guarded(async () => {
        const refused = await take(limits.reauthTries, input.userId);
        if (refused) return refused;
        const user = await userOrThrow(input.userId);
        return { ok: await verifyPassword(user.passwordHash, typeof input.password === "string" ? input.password.slice(0, PASSWORD_MAX_LENGTH) : "") };
      }, "password re-check");
      if ("code" in checked) return checked;
      if (!checked.ok) return { ok: false, code: "INVALID_CREDENTIALS" } as const;
      const codeResult = await challenges.verify({ userId: input.userId, purpose: "disable_2fa", code: input.code, ip: input.ip });
      if (!codeResult.ok) return isLimitFailure(codeResult) ? codeResult : ({ ok: false, code: "INVALID_CREDENTIALS" } as const);
      return guarded(async () => {
        const user = await userOrThrow(input.userId);
        await limits.reauthTries.reset(user.id);
        await users.setTwoFactor(user.id, false);
        await note(audit.record({ userId: user.id, type: "two_factor.disabled", ip: input.ip }));
        return { ok: true } as const;
      }, "disabling 2FA");
    },

    /** New backup codes replace the old ones; needs the password again. */
    async regenerateBackupCodes(input: { userId: string; password: unknown }) {
      return guarded(async () => {
        const refused = await take(limits.reauthTries, input.userId);
        if (refused) return refused;
        const user = await userOrThrow(input.userId);
        const ok = await verifyPassword(user.passwordHash, typeof input.password === "string" ? input.password.slice(0, PASSWORD_MAX_LENGTH) : "");
        if (!ok) return { ok: false, code: "INVALID_CREDENTIALS" } as const;
        await limits.reauthTries.reset(user.id);
        return { ok: true, backupCodes: await issueBackupCodes(user.id) } as const;
      }, "regenerating backup codes");
    },

    async unusedBackupCodeCount(userId: string): Promise<number> {
      return users.unusedBackupCodeCount(userId);
    },
  };
}

/** Failures that say nothing about which factor was wrong, so they may be shown as they are. */
function isLimitFailure(result: VerifyFailure): boolean {
  return result.code === "LOCKED" || result.code === "RATE_LIMITED" || result.code === "UNAVAILABLE";
}

export type AccountService = ReturnType<typeof createAccountService>;
