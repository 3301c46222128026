import { credentialsSchema, passwordSchema } from "./credentials-schema.js";
import type { AuditLog } from "../../ports/audit-log.js";
import type { LimiterFactory } from "../../ports/limiter.js";
import type { Logger } from "../../log/logger.js";
import { HOUR_SECONDS, SIGN_UPS_PER_IP_PER_HOUR } from "../../policy.js";

/** Tries at the current password per account (OWASP ASVS 2.2.1: rate-limit every password check). */
export const PASSWORD_CHANGE_TRIES_PER_15_MINUTES = 5;

import { withinStoreDeadline } from "../../ports/challenge-store.js";
import { deviceDetail } from "../../sessions/describe-device.js";
import { failClosed, takeLimit } from "../../limits/guard.js";
import { createSignInLimits } from "./sign-in-limits.js";
import { hashPassword, PASSWORD_MAX_LENGTH, verifyPassword } from "./password.js";
import { isCommonPassword } from "./common-passwords.js";
import { passwordStamp } from "./password-stamp.js";
import type { User, UserRepository } from "../sql/user-repository.js";
import { createPasswordResets, type PasswordResetDeps, type PasswordResets } from "./password-reset.js";
import { createSignUpLinks, type SignUpLinkDeps, type SignUpLinks } from "./sign-up-links.js";

export type AccountServiceDeps = {
  users: UserRepository;
  audit: AuditLog;
  limiter: LimiterFactory;
  logger: Logger;
  /**
   * "Forgot password?" (password-reset.ts): where links are kept, how the mail goes, whose
   * sessions end. Without it requestPasswordReset and resetPassword answer UNAVAILABLE.
   */
  passwordResets?: Omit<PasswordResetDeps, "users" | "audit" | "limiter" | "logger">;
  /**
   * Sign-up by emailed link (sign-up-links.ts): where requests wait, how the mail goes. Without it
   * requestSignUp and confirmSignUp answer UNAVAILABLE.
   */
  signUpLinks?: Omit<SignUpLinkDeps, "users" | "audit" | "limiter" | "logger">;
};

/** What the web and API layers may know of a user. */
export type AccountView = {
  id: string;
  email: string;
  phoneLastDigits: string | null;
  phoneVerifiedAt: Date | null;
  twoFactorEnabled: boolean;
};

const password = passwordSchema;
const credentials = credentialsSchema;

type Ip = string | null | undefined;

/**
 * twostep's own accounts, for apps that have none: sign-up and the password step, over the
 * `users` table. The second factor is the two-factor service's, through the UserFactorStore this
 * table also fills (createSqlUserFactorStore). Sign-in failures never say whether the email exists.
 */
export function createAccountService(deps: AccountServiceDeps) {
  const { users, audit, logger } = deps;
  const limits = {
    // The current password is asked again here: a stolen session gets as few guesses as a sign-in.
    passwordChanges: deps.limiter({ name: "password-change:user", points: PASSWORD_CHANGE_TRIES_PER_15_MINUTES, durationSeconds: 15 * 60 }),
    signIns: createSignInLimits(deps.limiter),
    signUpsPerIp: deps.limiter({ name: "signup:ip", points: SIGN_UPS_PER_IP_PER_HOUR, durationSeconds: HOUR_SECONDS }),
  };
  const note = (work: Promise<unknown>) => withinStoreDeadline(work).catch((err: unknown) => logger.error({ err }, "could not record an audit event"));

  const guarded = <T>(work: () => Promise<T>, what: string) => failClosed(logger, work, what);
  const take = takeLimit;
  const resets = deps.passwordResets ? createPasswordResets({ ...deps.passwordResets, users, audit, limiter: deps.limiter, logger }) : null;
  const signUpLinks = deps.signUpLinks ? createSignUpLinks({ ...deps.signUpLinks, users, audit, limiter: deps.limiter, logger }) : null;
  const signUpLinksMissing = () => {
    logger.error("sign-up links are not configured: createAccountService was given no signUpLinks");
    return { ok: false, code: "UNAVAILABLE" } as const;
  };
  const resetsMissing = () => {
    logger.error("password reset is not configured: createAccountService was given no passwordResets");
    return { ok: false, code: "UNAVAILABLE" } as const;
  };


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

    /**
     * Sign-up that never tells whether the address has an account: a mail goes to the address
     * either way, and the account is made by confirmSignUp (SignUpLinks.requestSignUp).
     */
    async requestSignUp(input: Parameters<SignUpLinks["requestSignUp"]>[0]) {
      return signUpLinks ? signUpLinks.requestSignUp(input) : signUpLinksMissing();
    },

    /** Whether a sign-up link could still be used (SignUpLinks.checkSignUpLink). */
    async checkSignUpLink(input: Parameters<SignUpLinks["checkSignUpLink"]>[0]) {
      return signUpLinks ? signUpLinks.checkSignUpLink(input) : signUpLinksMissing();
    },

    /** The account, from its link and the password chosen at sign-up (SignUpLinks.confirmSignUp). */
    async confirmSignUp(input: Parameters<SignUpLinks["confirmSignUp"]>[0]) {
      return signUpLinks ? signUpLinks.confirmSignUp(input) : signUpLinksMissing();
    },

    /**
     * The account at once, for a host that proved the address itself (or tests). It answers
     * SIGN_UP_REFUSED for an address that has an account, which tells anyone who asks: a public
     * sign-up form uses requestSignUp.
     */
    async signUp(input: { email: unknown; password: unknown; ip?: Ip }) {
      const parsed = credentials.safeParse({ email: input.email, password: input.password });
      if (!parsed.success) {
        const field = String(parsed.error.issues[0]?.path[0] ?? "");
        return { ok: false, code: "INVALID_INPUT", field } as const;
      }
      return guarded(async () => {
        const refused = await take(limits.signUpsPerIp, input.ip);
        if (refused) return refused;
        if (isCommonPassword(parsed.data.password)) return { ok: false, code: "COMMON_PASSWORD", field: "password" } as const;
        const user = await users.create({ email: parsed.data.email, passwordHash: await hashPassword(parsed.data.password) });
        if (!user) return { ok: false, code: "SIGN_UP_REFUSED" } as const;
        return { ok: true, user } as const;
      }, "sign-up");
    },

    /**
     * A new password, given the current one. Common passwords are refused with their own code; the
     * caller ends the account's other sessions when this succeeds.
     */
    async changePassword(input: { userId: string; currentPassword: unknown; newPassword: unknown; ip?: Ip }) {
      const next = password.safeParse(input.newPassword);
      if (!next.success) return { ok: false, code: "INVALID_INPUT", field: "newPassword" } as const;
      if (isCommonPassword(next.data)) return { ok: false, code: "COMMON_PASSWORD", field: "newPassword" } as const;
      return guarded(async () => {
        const refused = await take(limits.passwordChanges, input.userId);
        if (refused) return refused;
        const user = await users.byId(input.userId);
        const current = typeof input.currentPassword === "string" ? input.currentPassword.slice(0, PASSWORD_MAX_LENGTH) : "";
        if (!user || !(await verifyPassword(user.passwordHash, current))) {
          await note(audit.record({ userId: input.userId, type: "sign_in.failed", ip: input.ip, detail: { step: "password_change" } }));
          return { ok: false, code: "INVALID_CREDENTIALS" } as const;
        }
        await users.setPasswordHash(user.id, await hashPassword(next.data));
        // A reset link asked for before the change would undo it: void it.
        await deps.passwordResets?.resets.deleteForUser(user.id);
        await note(audit.record({ userId: user.id, type: "password.changed", ip: input.ip }));
        return { ok: true } as const;
      }, "password change");
    },

    /** "Forgot password?": see PasswordResets.requestPasswordReset. Answers alike whether or not the address has an account. */
    async requestPasswordReset(input: Parameters<PasswordResets["requestPasswordReset"]>[0]) {
      return resets ? resets.requestPasswordReset(input) : resetsMissing();
    },

    /** Whether a reset link could still be used (PasswordResets.checkResetLink); the reset page asks before showing its form. */
    async checkResetLink(input: Parameters<PasswordResets["checkResetLink"]>[0]) {
      return resets ? resets.checkResetLink(input) : resetsMissing();
    },

    /** A new password through an emailed link; ends every session and signs no one in (PasswordResets.resetPassword). */
    async resetPassword(input: Parameters<PasswordResets["resetPassword"]>[0]) {
      return resets ? resets.resetPassword(input) : resetsMissing();
    },

    /**
     * The password step. Unknown email and wrong password answer alike, in the same time. On
     * success, `passwordStamp` names the hash that was verified: the caller opens its session, then
     * asks checkPasswordStamp, so a reset or change that landed meanwhile does not leave it open.
     * `isKnownDevice(userId)`: whether the browser carries the host's signed proof that it signed
     * in to that account before (apps/web: a device cookie); such a browser is not held back by
     * what strangers spent on the email. `userAgent`: the request's header, so the sign-in's row in
     * the security log names the browser ("Firefox on macOS").
     */
    async authenticate(input: { email: unknown; password: unknown; ip?: Ip; userAgent?: string | null; isKnownDevice?: (userId: string) => boolean | Promise<boolean> }) {
      const parsed = credentials.safeParse({ email: input.email, password: input.password });
      return guarded(async () => {
        const user = parsed.success ? await users.byEmail(parsed.data.email) : null;
        const knownDevice = user !== null && input.isKnownDevice !== undefined && (await input.isKnownDevice(user.id));
        const attempt = { email: parsed.success ? parsed.data.email : null, ip: input.ip, knownDevice };
        const refused = await limits.signIns.take(attempt);
        if (refused) return refused;
        // Always hash: a malformed or unknown email costs what a wrong password costs.
        const passwordOk = await verifyPassword(user?.passwordHash ?? null, typeof input.password === "string" ? input.password.slice(0, PASSWORD_MAX_LENGTH) : "");
        if (!user || !passwordOk) {
          await note(audit.record({ userId: user?.id ?? null, type: "sign_in.failed", ip: input.ip, detail: { step: "password" } }));
          return { ok: false, code: "INVALID_CREDENTIALS" } as const;
        }
        await limits.signIns.succeeded({ ...attempt, email: user.email });
        await note(audit.record({ userId: user.id, type: user.twoFactorEnabled ? "sign_in.password_ok" : "sign_in.succeeded", ip: input.ip, detail: deviceDetail(input.userAgent) }));
        return { ok: true, user, passwordStamp: passwordStamp(user.passwordHash) } as const;
      }, "password check");
    },

    /**
     * Is the account's password still the one authenticate() verified (its `passwordStamp`)? A
     * sign-in asks this after it opened its session, and on INVALID_CREDENTIALS ends that session
     * and refuses: the password typed is no longer right. One read by primary key. This closes the
     * race with a reset or a change in either order, as those (1) write the new hash, then (2) end
     * the user's sessions, and the sign-in (a) opens its session, then (b) asks this. If (b) reads
     * the new hash, the sign-in ends its own session. If (b) read the old one, it ran before (1),
     * so (a) finished before (1) and before (2), and (2) ends that session. A refusal is recorded
     * as `sign_in.failed` (`reason: "password_changed"`); `ip`: the sign-in's, for that row.
     */
    async checkPasswordStamp(input: { userId: string; passwordStamp: string; ip?: Ip }) {
      return guarded(async () => {
        const user = await users.byId(input.userId);
        if (!user || typeof input.passwordStamp !== "string" || passwordStamp(user.passwordHash) !== input.passwordStamp) {
          // authenticate() already wrote this sign-in's success; the log must also say it was
          // refused, or the owner reads a sign-in that never happened and no failed one.
          if (user) await note(audit.record({ userId: user.id, type: "sign_in.failed", ip: input.ip, detail: { step: "password", reason: "password_changed" } }));
          return { ok: false, code: "INVALID_CREDENTIALS" } as const;
        }
        return { ok: true } as const;
      }, "password stamp check");
    },
  };
}

export type AccountService = ReturnType<typeof createAccountService>;
