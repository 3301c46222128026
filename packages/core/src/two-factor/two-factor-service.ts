import type { ChallengeService, ChallengeStatus, SendResult, VerifyFailure } from "../challenge/challenge-service.js";
import type { Purpose } from "../challenge/purposes.js";
import type { Logger } from "../log/logger.js";
import { maskPhone } from "../phone/mask-phone.js";
import { deviceDetail } from "../sessions/describe-device.js";
import { knownCountry, normalizePhone } from "../phone/normalize-phone.js";
import {
  BACKUP_CODE_TRIES_PER_15_MINUTES,
  BACKUP_CODE_TRIES_PER_ACCOUNT_PER_15_MINUTES,
  PASSWORD_MAX_LENGTH,
  PHONE_CHANGE_REAUTH_MINUTES,
  PHONE_PROOF_FRESH_MINUTES,
  REAUTH_TRIES_PER_15_MINUTES,
  SIGN_IN_WINDOW_SECONDS,
} from "../policy.js";
import type { AuditLog } from "../ports/audit-log.js";
import { withinStoreDeadline, type CheckEvent } from "../ports/challenge-store.js";
import { failClosed, takeLimit, type Rejection } from "../limits/guard.js";
import type { LimiterFactory } from "../ports/limiter.js";
import type { UserFactors, UserFactorStore } from "../ports/user-factor-store.js";
import type { Failure } from "../result-codes.js";
import { isDeliveryProblem } from "../sms/delivery-status.js";
import { BACKUP_CODE_COUNT, generateBackupCode, hashBackupCode, normalizeBackupCode } from "./backup-codes.js";

export type TwoFactorServiceDeps = {
  users: UserFactorStore;
  challenges: ChallengeService;
  audit: AuditLog;
  limiter: LimiterFactory;
  /** Key for backup-code hashes (the same server key as one-time codes). */
  codeHashKey: string;
  logger: Logger;
  now?: () => number;
};

/** What pages and APIs may know of a user's second factor: never the whole number. */
export type TwoFactorProfile = {
  phoneLastDigits: string | null;
  phoneVerifiedAt: Date | null;
  twoFactorEnabled: boolean;
};

/**
 * A live code as a page shows it: `usable` while it can still be typed; `expired` or `dead` (its
 * guesses spent) when only a new code helps; `undelivered` when the provider reported its SMS
 * won't arrive.
 */
export type CodeState = ChallengeStatus & { state: "usable" | "expired" | "dead"; undelivered: boolean };

type Ip = string | null | undefined;
/** The request's User-Agent header; the security log records the browser it names ("Firefox on macOS"). */
type UserAgent = string | null | undefined;

/**
 * The 2FA policy over a host's users (the UserFactorStore port): enrolling and proving a phone,
 * turning 2FA on and off, the second step of sign-in, backup codes. Every code goes through the
 * challenge service, so limits, the attempt cap, the account lock and single use are the core's.
 * Failures never say whether an account exists or which factor failed.
 */
export function createTwoFactorService(deps: TwoFactorServiceDeps) {
  const { users, challenges, audit, codeHashKey, logger } = deps;
  const now = deps.now ?? Date.now;
  const limits = {
    reauthTries: deps.limiter({ name: "reauth:user", points: REAUTH_TRIES_PER_15_MINUTES, durationSeconds: SIGN_IN_WINDOW_SECONDS }),
    // Three windows, none shared with the SMS code's account lock (policy.ts says why).
    backupTriesPerIp: deps.limiter({ name: "backup:user-ip", points: BACKUP_CODE_TRIES_PER_15_MINUTES, durationSeconds: SIGN_IN_WINDOW_SECONDS }),
    backupTriesPerAccount: deps.limiter({ name: "backup:account", points: BACKUP_CODE_TRIES_PER_ACCOUNT_PER_15_MINUTES, durationSeconds: SIGN_IN_WINDOW_SECONDS }),
    backupTriesKnownDevice: deps.limiter({ name: "backup:known-device", points: BACKUP_CODE_TRIES_PER_15_MINUTES, durationSeconds: SIGN_IN_WINDOW_SECONDS }),
  };
  const note = (work: Promise<unknown>) => withinStoreDeadline(work).catch((err: unknown) => logger.error({ err }, "could not record an audit event"));

  const guarded = <T>(work: () => Promise<T>, what: string) => failClosed(logger, work, what);
  const take = takeLimit;


  async function factorsOrThrow(userId: string): Promise<UserFactors> {
    const factors = await users.read(userId);
    if (!factors) throw new Error("session names a user that no longer exists");
    return factors;
  }

  /** The password again, with its own per-account limit; a wrong one resets nothing. */
  async function recheckPassword(userId: string, password: unknown): Promise<Rejection | { ok: boolean }> {
    const refused = await take(limits.reauthTries, userId);
    if (refused) return refused;
    const typed = typeof password === "string" ? password.slice(0, PASSWORD_MAX_LENGTH) : "";
    return { ok: await users.checkPassword(userId, typed) };
  }

  async function issueBackupCodes(userId: string): Promise<string[]> {
    const codes = Array.from({ length: BACKUP_CODE_COUNT }, generateBackupCode);
    await users.replaceBackupCodes(userId, codes.map((c) => hashBackupCode(codeHashKey, userId, normalizeBackupCode(c) ?? "")));
    await note(audit.record({ userId, type: "backup_codes.generated" }));
    return codes;
  }

  /** The number of record as the challenge service needs it: a code to it is no enrollment send. */
  const verifiedNumber = (factors: UserFactors | null) =>
    factors?.phoneE164 ? { e164: factors.phoneE164, verifiedAt: factors.phoneVerifiedAt } : null;

  /**
   * Someone holding only the password must not be able to spend the owner's backup-code tries:
   * a browser that signed in to the account before draws on a window of its own; any other on a
   * strict one per (account, IP) and, beyond that, a wider one per account.
   */
  async function takeBackupTry(userId: string, ip: Ip, knownDevice: boolean): Promise<Rejection | null> {
    if (knownDevice) return take(limits.backupTriesKnownDevice, userId);
    return (await take(limits.backupTriesPerIp, `${userId}:${ip ?? "no-ip"}`)) ?? (await take(limits.backupTriesPerAccount, userId));
  }

  const phoneProofIsFresh = (factors: UserFactors) =>
    Boolean(factors.phoneE164 && factors.phoneVerifiedAt && now() - factors.phoneVerifiedAt.getTime() <= PHONE_PROOF_FRESH_MINUTES * 60_000);

  async function codeState(input: { userId: string; purpose: Purpose }): Promise<CodeState | null | Failure<"UNAVAILABLE">> {
    const status = await challenges.status(input);
    if (!status || "ok" in status) return status;
    const state = status.expiresAt.getTime() <= now() ? "expired" : status.attemptsLeft <= 0 ? "dead" : "usable";
    return { ...status, state, undelivered: isDeliveryProblem(status.delivery?.status) };
  }

  const service = {
    /** A wrong code's result carries `undelivered: true` when its SMS was reported lost; no need to ask deliveryProblem. */
    checksReportDelivery: challenges.checksReportDelivery,

    /** Phone hint and 2FA state; null when the account no longer exists. */
    async profile(userId: string): Promise<TwoFactorProfile | null> {
      const factors = await users.read(userId);
      if (!factors) return null;
      return {
        phoneLastDigits: factors.phoneE164 ? factors.phoneE164.slice(-4) : null,
        phoneVerifiedAt: factors.phoneVerifiedAt,
        twoFactorEnabled: factors.twoFactorEnabled,
      };
    },

    /**
     * After the password passed: does this sign-in owe a second factor? If so, the first code goes
     * out now, so the code page never has to ask (and a reload sends nothing).
     */
    async beginSignIn(input: { userId: string; ip?: Ip }): Promise<{ secondFactorRequired: boolean; send: SendResult | null }> {
      const factors = await users.read(input.userId);
      const required = Boolean(factors?.twoFactorEnabled && factors.phoneE164);
      if (!required) return { secondFactorRequired: false, send: null };
      return { secondFactorRequired: true, send: await service.sendSignInCode(input) };
    },

    /** Sends the sign-in code to the number on record. */
    async sendSignInCode(input: { userId: string; ip?: Ip }): Promise<SendResult> {
      const factors = await users.read(input.userId);
      if (!factors?.phoneE164 || !factors.twoFactorEnabled) return { ok: false, code: "NOT_FOUND" };
      return challenges.start({ userId: input.userId, purpose: "sign_in", phone: factors.phoneE164, ip: input.ip, verifiedNumber: verifiedNumber(factors) });
    },

    /**
     * The second step of sign-in; on success the caller upgrades the session. `newDevice`: the
     * host doesn't know this browser signed in to the account before (its own cookie); a right
     * code then also records sign_in.new_device with the browser's description, unless this is
     * the account's first sign-in (every first sign-in is on a new browser).
     */
    async completeSignIn(input: { userId: string; code: unknown; ip?: Ip; userAgent?: UserAgent; newDevice?: { device: string | null } }) {
      // The sign-in's own events commit with the code's (one round trip on a store that can).
      const okEvents: CheckEvent[] = [{ type: "sign_in.succeeded", detail: { factor: "sms", ...deviceDetail(input.userAgent) } }];
      if (input.newDevice) okEvents.push({ type: "sign_in.new_device", detail: { device: input.newDevice.device }, onlyAfter: "sign_in.succeeded" });
      return challenges.verify({ userId: input.userId, purpose: "sign_in", code: input.code, ip: input.ip, okEvents });
    },

    /**
     * Sign-in with a backup code instead of the SMS code; each code works once. It works while
     * wrong SMS codes have verification locked: that lock is one someone with only the password
     * can set. `knownDevice`: the browser signed in to this account before (the host checks its
     * signed device cookie), so it doesn't share a window with strangers.
     */
    async completeSignInWithBackupCode(input: { userId: string; code: unknown; ip?: Ip; userAgent?: UserAgent; knownDevice?: boolean }) {
      const normalized = normalizeBackupCode(input.code);
      if (!normalized) return { ok: false, code: "INVALID_BACKUP_CODE" } as const;
      return guarded(async () => {
        const refused = await takeBackupTry(input.userId, input.ip, input.knownDevice === true);
        if (refused) return refused;
        const used = await users.consumeBackupCode(input.userId, hashBackupCode(codeHashKey, input.userId, normalized));
        if (!used) {
          await note(audit.record({ userId: input.userId, type: "sign_in.failed", ip: input.ip, detail: { step: "backup_code" } }));
          return { ok: false, code: "INVALID_BACKUP_CODE" } as const;
        }
        await challenges.cancel({ userId: input.userId, purpose: "sign_in" });
        await note(audit.record({ userId: input.userId, type: "backup_code.used", ip: input.ip, detail: { left: await users.unusedBackupCodeCount(input.userId) } }));
        await note(audit.record({ userId: input.userId, type: "sign_in.succeeded", ip: input.ip, detail: { factor: "backup_code", ...deviceDetail(input.userAgent) } }));
        return { ok: true } as const;
      }, "backup code check");
    },

    /**
     * Sends a code to a new number; the number is saved only when that code comes back. With 2FA
     * on, the caller must have signed in (with the current factor) in the last few minutes:
     * `signedInAtMs` is when the session passed its second factor. `country`: the region a number
     * typed without its "+" code is read in (the form's country picker); a "+" number ignores it.
     */
    async beginPhoneEnrollment(input: { userId: string; phone: unknown; country?: unknown; ip?: Ip; signedInAtMs?: number }): Promise<SendResult | Failure<"REAUTH_REQUIRED">> {
      const parsed = normalizePhone(input.phone, knownCountry(input.country));
      if (!parsed.ok) return parsed;
      const factors = await users.read(input.userId);
      const recent = input.signedInAtMs !== undefined && now() - input.signedInAtMs <= PHONE_CHANGE_REAUTH_MINUTES * 60_000;
      if (factors?.twoFactorEnabled && factors.phoneE164 && !recent) return { ok: false, code: "REAUTH_REQUIRED" };
      return challenges.start({ userId: input.userId, purpose: "enroll_phone", phone: parsed.phone.e164, ip: input.ip, verifiedNumber: verifiedNumber(factors) });
    },

    /** Re-proves the number already on record (so 2FA can be turned on later). */
    async reverifyPhone(input: { userId: string; ip?: Ip }): Promise<SendResult> {
      const factors = await users.read(input.userId);
      if (!factors?.phoneE164) return { ok: false, code: "NOT_FOUND" };
      return challenges.start({ userId: input.userId, purpose: "enroll_phone", phone: factors.phoneE164, ip: input.ip, verifiedNumber: verifiedNumber(factors) });
    },

    /**
     * A new code to the number being enrolled, after the cooldown. When that is the number already
     * on record (a re-proof), it is sent as to a verified number, not as an enrollment: a pause of
     * its country or the enrollment share don't hold it back, as they don't hold back the first code.
     */
    async resendPhoneCode(input: { userId: string; ip?: Ip }): Promise<SendResult> {
      return challenges.resend({ userId: input.userId, purpose: "enroll_phone", ip: input.ip, verifiedNumber: verifiedNumber(await users.read(input.userId)) });
    },

    async confirmPhoneEnrollment(input: { userId: string; code: unknown; ip?: Ip }) {
      const result = await challenges.verify({ userId: input.userId, purpose: "enroll_phone", code: input.code, ip: input.ip });
      if (!result.ok) return result;
      return guarded(async () => {
        const before = await factorsOrThrow(input.userId);
        await users.setPhone(input.userId, result.phoneE164, new Date(now()));
        if (before.phoneE164 !== result.phoneE164) {
          await note(audit.record({ userId: input.userId, type: "phone.changed", ip: input.ip, detail: { phone: maskPhone(result.phoneE164) } }));
        }
        return { ok: true, phoneLastDigits: result.phoneE164.slice(-4) } as const;
      }, "saving a phone");
    },

    /** True while the phone proof is fresh enough to turn 2FA on (PHONE_PROOF_FRESH_MINUTES). */
    async canEnableTwoFactor(userId: string): Promise<boolean> {
      const factors = await users.read(userId);
      return factors !== null && !factors.twoFactorEnabled && phoneProofIsFresh(factors);
    },

    /**
     * Turns 2FA on with a fresh set of backup codes, returned to be shown once; codes from an
     * earlier time 2FA was on never come back. Already on: nothing changes and `backupCodes` is null.
     */
    async enableTwoFactor(input: { userId: string; ip?: Ip }) {
      return guarded(async () => {
        const factors = await factorsOrThrow(input.userId);
        if (!phoneProofIsFresh(factors)) return { ok: false, code: "PHONE_NOT_VERIFIED" } as const;
        if (factors.twoFactorEnabled) return { ok: true, backupCodes: null } as const;
        // Codes first: 2FA is never on without a set the user has just been shown.
        const backupCodes = await issueBackupCodes(input.userId);
        await users.setTwoFactorEnabled(input.userId, true);
        await note(audit.record({ userId: input.userId, type: "two_factor.enabled", ip: input.ip }));
        return { ok: true, backupCodes } as const;
      }, "enabling 2FA");
    },

    async sendDisableCode(input: { userId: string; ip?: Ip }): Promise<SendResult> {
      const factors = await users.read(input.userId);
      if (!factors?.phoneE164 || !factors.twoFactorEnabled) return { ok: false, code: "NOT_FOUND" };
      return challenges.start({ userId: input.userId, purpose: "disable_2fa", phone: factors.phoneE164, ip: input.ip, verifiedNumber: verifiedNumber(factors) });
    },

    /**
     * Turning 2FA off needs the password and a current code; a failure of either answers
     * INVALID_CREDENTIALS, so the answer never says which one was wrong. The password goes first
     * (with its own limit), so a mistyped password doesn't burn the code the user just received.
     */
    async disableTwoFactor(input: { userId: string; password: unknown; code: unknown; ip?: Ip }) {
      const checked = await guarded(() => recheckPassword(input.userId, input.password), "password re-check");
      if ("code" in checked) return checked;
      if (!checked.ok) return { ok: false, code: "INVALID_CREDENTIALS" } as const;
      const codeResult = await challenges.verify({ userId: input.userId, purpose: "disable_2fa", code: input.code, ip: input.ip });
      if (!codeResult.ok) return isLimitFailure(codeResult) ? codeResult : ({ ok: false, code: "INVALID_CREDENTIALS" } as const);
      return guarded(async () => {
        await factorsOrThrow(input.userId);
        await limits.reauthTries.reset(input.userId);
        await users.setTwoFactorEnabled(input.userId, false);
        // Backup codes stand in for the SMS code; with 2FA off they must not outlive it.
        await users.replaceBackupCodes(input.userId, []);
        await note(audit.record({ userId: input.userId, type: "two_factor.disabled", ip: input.ip }));
        return { ok: true } as const;
      }, "disabling 2FA");
    },

    /** New backup codes replace the old ones; needs the password again. */
    async regenerateBackupCodes(input: { userId: string; password: unknown }) {
      return guarded(async () => {
        const checked = await recheckPassword(input.userId, input.password);
        if ("code" in checked) return checked;
        if (!checked.ok) return { ok: false, code: "INVALID_CREDENTIALS" } as const;
        await limits.reauthTries.reset(input.userId);
        return { ok: true, backupCodes: await issueBackupCodes(input.userId) } as const;
      }, "regenerating backup codes");
    },

    async unusedBackupCodeCount(userId: string): Promise<number> {
      return users.unusedBackupCodeCount(userId);
    },

    /**
     * What a fully signed-in user can need a code for, first match wins:
     * 1. a phone-number code that has not expired or been used: a new code to that same number;
     * 2. 2FA is on: a code to turn it off, to the number on record;
     * 3. a number is on record: a code that re-proves it, so 2FA can be turned on;
     * 4. no number: PHONE_NOT_VERIFIED (enroll a phone first).
     */
    async requestCodeForSignedInUser(input: { userId: string; ip?: Ip }): Promise<SendResult | Failure<"PHONE_NOT_VERIFIED">> {
      const enrollment = await challenges.status({ userId: input.userId, purpose: "enroll_phone" });
      if (enrollment && "ok" in enrollment) return enrollment;
      if (enrollment && enrollment.expiresAt.getTime() > now()) {
        return service.resendPhoneCode(input);
      }
      const factors = await users.read(input.userId);
      if (factors?.twoFactorEnabled && factors.phoneE164) return service.sendDisableCode(input);
      if (factors?.phoneE164) return service.reverifyPhone(input);
      return { ok: false, code: "PHONE_NOT_VERIFIED" };
    },

    /** The live code for a purpose as a page shows it (null when there is none). */
    codeState,

    /**
     * True when the provider reported the SMS of one of these live codes (not expired, guesses
     * left) undelivered, failed or rejected. False when the status can't be read: this is advice,
     * so a store hiccup must not fail the answer it rides on.
     */
    async deliveryProblem(userId: string, purposes: readonly Purpose[]): Promise<boolean> {
      const undelivered = await Promise.all(purposes.map((purpose) => challenges.undelivered({ userId, purpose })));
      return undelivered.includes(true);
    },
  };
  return service;
}

export type TwoFactorService = ReturnType<typeof createTwoFactorService>;

/** Failures that say nothing about which factor was wrong, so they may be shown as they are. */
function isLimitFailure(result: VerifyFailure): boolean {
  return result.code === "LOCKED" || result.code === "RATE_LIMITED" || result.code === "UNAVAILABLE";
}
