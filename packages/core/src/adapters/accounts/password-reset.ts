import { randomUUID } from "node:crypto";
import { emailSchema, passwordSchema } from "./credentials-schema.js";
import { failClosed, takeLimit } from "../../limits/guard.js";
import type { Logger } from "../../log/logger.js";
import type { AuditLog } from "../../ports/audit-log.js";
import { withinStoreDeadline } from "../../ports/challenge-store.js";
import type { LimiterFactory } from "../../ports/limiter.js";
import type { MailSender, MailToSend } from "../../ports/mail-sender.js";
import type { SessionRegistry } from "../../sessions/session-registry.js";
import type { PasswordResetRepository } from "../sql/password-reset-repository.js";
import type { UserRepository } from "../sql/user-repository.js";
import { isCommonPassword } from "./common-passwords.js";
import { hashPassword } from "./password.js";
import { sendMailLater } from "./mail-later.js";
import { passwordResetMail } from "./reset-mail.js";
import { createResetTokenHasher, newResetToken, parseResetToken } from "./reset-token.js";

/** How long a reset link works (OWASP Forgot Password Cheat Sheet: short-lived, single use). */
export const PASSWORD_RESET_LINK_MINUTES = 30;

/**
 * Reset requests: each sends a mail, so they are bounded per address (the owner's inbox) and per
 * IP (one client spamming many inboxes). The hard per-address block is per (address, IP), as for
 * sign-ins (decision 008): a stranger spends only their own pair. The pair's window is an hour,
 * as long as the address-wide one, and holds less than a third of it, so a stranger needs four
 * IPs to delay the owner's reset, and for at most an hour after they stop. (It was 3 per 15
 * minutes, 12 an hour: one IP spent the address's hour alone, and sent the owner 240 mails a day.)
 */
export const PASSWORD_RESET_REQUESTS_PER_EMAIL_AND_IP_PER_HOUR = 3;
export const PASSWORD_RESET_REQUESTS_PER_EMAIL_PER_HOUR = 10;
export const PASSWORD_RESET_REQUESTS_PER_IP_PER_15_MINUTES = 10;
/** Links tried per IP: 256-bit tokens can't be guessed; this bounds the password hashing a client can cause. */
export const PASSWORD_RESET_ATTEMPTS_PER_IP_PER_15_MINUTES = 20;

const WINDOW_15_MINUTES = 15 * 60;
const WINDOW_HOUR = 60 * 60;

export type PasswordResetDeps = {
  users: UserRepository;
  resets: PasswordResetRepository;
  /** The reset mail goes here, off the request path. */
  mail: MailSender;
  /** Every session of the user ends when the password is reset. */
  sessions: Pick<SessionRegistry, "endOthers">;
  /**
   * Every trusted browser of the user is forgotten too: a reset must not let the new password
   * alone sign in anywhere, so an account with 2FA passes its second factor again everywhere.
   */
  trustedDevices?: { revokeAll(userId: string): Promise<number> } | null;
  audit: AuditLog;
  limiter: LimiterFactory;
  logger: Logger;
  /** The reset token's hashing key is derived from it (reset-token.ts). */
  codeHashKey: string;
  /** Named in the mail's subject and text. */
  appName: string;
  /** Epoch milliseconds; tests move it. */
  now?: () => number;
};

const email = emailSchema;
const password = passwordSchema;

type Ip = string | null | undefined;

/**
 * "Forgot password?": a single-use, short-lived link by email, and the reset it allows. A request
 * answers the same whether or not the address has an account, after the same statements, and
 * never waits on the mail. A reset sets the password and ends every session; it signs no one
 * in, so an account with 2FA still passes its second factor at the next sign-in.
 */
export function createPasswordResets(deps: PasswordResetDeps) {
  const { users, resets, audit, logger } = deps;
  const now = deps.now ?? Date.now;
  const hashToken = createResetTokenHasher(deps.codeHashKey);
  const limits = {
    requestsPerIp: deps.limiter({ name: "reset-request:ip", points: PASSWORD_RESET_REQUESTS_PER_IP_PER_15_MINUTES, durationSeconds: WINDOW_15_MINUTES }),
    requestsPerEmailAndIp: deps.limiter({
      name: "reset-request:email-ip",
      points: PASSWORD_RESET_REQUESTS_PER_EMAIL_AND_IP_PER_HOUR,
      durationSeconds: WINDOW_HOUR,
    }),
    requestsPerEmail: deps.limiter({ name: "reset-request:email", points: PASSWORD_RESET_REQUESTS_PER_EMAIL_PER_HOUR, durationSeconds: WINDOW_HOUR }),
    attemptsPerIp: deps.limiter({ name: "reset-attempt:ip", points: PASSWORD_RESET_ATTEMPTS_PER_IP_PER_15_MINUTES, durationSeconds: WINDOW_15_MINUTES }),
  };
  const note = (work: Promise<unknown>) => withinStoreDeadline(work).catch((err: unknown) => logger.error({ err }, "could not record an audit event"));

  const sendLater = (mail: MailToSend) => sendMailLater(deps.mail, mail, logger, "password reset mail");

  // A cleanup after the password changed: true once it ran, false if it failed twice (logged).
  const afterReset = async (work: () => Promise<unknown>, userId: string, what: string): Promise<boolean> => {
    for (let attempt = 1; attempt <= 2; attempt++) {
      try {
        await withinStoreDeadline(work());
        return true;
      } catch (err) {
        if (attempt === 2) logger.error({ err, userId }, `password reset: could not ${what}; the password is changed, the user is told to do it after signing in`);
        else logger.warn({ err, userId }, `password reset: could not ${what}; trying once more`);
      }
    }
    return false;
  };

  return {
    /**
     * Sends a reset link to the address if it has an account. `resetUrl`: the host's page that
     * takes the link (its configured origin, never a request's Host header); the token is added
     * as `?token=`. `{ ok: true }` means only "if an account exists, a link is on its way".
     */
    async requestPasswordReset(input: { email: unknown; ip?: Ip; resetUrl: string | URL }) {
      const parsed = email.safeParse(input.email);
      if (!parsed.success) return { ok: false, code: "INVALID_INPUT", field: "email" } as const;
      const address = parsed.data;
      return failClosed(
        logger,
        async () => {
          const refused =
            (await takeLimit(limits.requestsPerIp, input.ip)) ??
            (await takeLimit(limits.requestsPerEmailAndIp, `${address} ${input.ip ?? "no-ip"}`)) ??
            (await takeLimit(limits.requestsPerEmail, address));
          if (refused) return refused;
          const link = new URL(input.resetUrl);
          const user = await users.byEmail(address);
          const token = newResetToken();
          const nowMs = now();
          await resets.replace({
            userId: user?.id ?? randomUUID(),
            tokenHash: hashToken(token),
            nowMs,
            expiresAtMs: nowMs + PASSWORD_RESET_LINK_MINUTES * 60_000,
            issue: user !== null,
          });
          if (user) {
            link.searchParams.set("token", token);
            sendLater(passwordResetMail({ to: user.email, link: link.toString(), appName: deps.appName, linkMinutes: PASSWORD_RESET_LINK_MINUTES }));
          }
          return { ok: true } as const;
        },
        "password reset request",
      );
    },

    /**
     * Whether a link could still be used, so a page can say at once that it can't (and offer a
     * new one) instead of after the user typed a password. One indexed read; the reset decides.
     */
    async checkResetLink(input: { token: unknown }) {
      const token = parseResetToken(input.token);
      if (!token) return { ok: false, code: "RESET_LINK_INVALID" } as const;
      return failClosed(
        logger,
        async () => ((await resets.isLive(hashToken(token), now())) ? ({ ok: true } as const) : ({ ok: false, code: "RESET_LINK_INVALID" } as const)),
        "password reset link check",
      );
    },

    /**
     * A new password through a link. Expired, used and unknown links get one code,
     * RESET_LINK_INVALID. On success the password is set, the user's other links are void, every
     * session of the user is ended, and `password.reset` is recorded. Nobody is signed in.
     * Once the password is changed the answer is success even if ending the sessions or
     * forgetting the trusted browsers failed (twice): `otherSessionsNotEnded` or
     * `trustedBrowsersNotForgotten` then says so, and the page tells the user to sign in and
     * finish it from the security settings (successMessages.resetSessionsNotEnded).
     */
    async resetPassword(input: { token: unknown; newPassword: unknown; ip?: Ip }) {
      const token = parseResetToken(input.token);
      if (!token) return { ok: false, code: "RESET_LINK_INVALID" } as const;
      const next = password.safeParse(input.newPassword);
      if (!next.success) return { ok: false, code: "INVALID_INPUT", field: "newPassword" } as const;
      if (isCommonPassword(next.data)) return { ok: false, code: "COMMON_PASSWORD", field: "newPassword" } as const;
      return failClosed(
        logger,
        async () => {
          const refused = await takeLimit(limits.attemptsPerIp, input.ip);
          if (refused) return refused;
          const tokenHash = hashToken(token);
          if (!(await resets.isLive(tokenHash, now()))) return { ok: false, code: "RESET_LINK_INVALID" } as const;
          const passwordHash = await hashPassword(next.data);
          // The check above only spares hashing for dead links; this one statement decides.
          const userId = await resets.usePasswordReset({ tokenHash, nowMs: now(), passwordHash });
          if (!userId) return { ok: false, code: "RESET_LINK_INVALID" } as const;
          // After the password changed. A sign-in that verified the old password just before may
          // still open its session after this: it then finds the stamp changed and ends that
          // session itself (accounts.checkPasswordStamp says why the two orders are covered).
          // From here on nothing may answer UNAVAILABLE: the password is changed and the link
          // spent, so a retry would only read RESET_LINK_INVALID while the old sessions stayed
          // live unsaid. Each cleanup is tried on its own (one failing does not skip the other),
          // once more if it fails, and what still failed is said in the success answer.
          const trusted = deps.trustedDevices;
          const [sessionsEnded, trustForgotten] = await Promise.all([
            afterReset(() => deps.sessions.endOthers(userId, null), userId, "end the user's sessions"),
            trusted ? afterReset(() => trusted.revokeAll(userId), userId, "forget the user's trusted browsers") : true,
          ]);
          await note(audit.record({ userId, type: "password.reset", ip: input.ip }));
          // otherSessionsNotEnded: browsers signed in before (perhaps someone else's) still are.
          // trustedBrowsersNotForgotten: browsers trusted to skip the second factor still do.
          const done: { ok: true; otherSessionsNotEnded?: true; trustedBrowsersNotForgotten?: true } = { ok: true };
          if (!sessionsEnded) done.otherSessionsNotEnded = true;
          if (!trustForgotten) done.trustedBrowsersNotForgotten = true;
          return done;
        },
        "password reset",
      );
    },
  };
}

export type PasswordResets = ReturnType<typeof createPasswordResets>;
