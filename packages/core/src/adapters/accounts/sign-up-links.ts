import { credentialsSchema } from "./credentials-schema.js";
import { failClosed, takeLimit } from "../../limits/guard.js";
import type { Logger } from "../../log/logger.js";
import { HOUR_SECONDS, SIGN_UPS_PER_IP_PER_HOUR } from "../../policy.js";
import type { AuditLog } from "../../ports/audit-log.js";
import { withinStoreDeadline } from "../../ports/challenge-store.js";
import type { LimiterFactory } from "../../ports/limiter.js";
import type { MailSender } from "../../ports/mail-sender.js";
import type { SignUpRequestRepository } from "../sql/sign-up-request-repository.js";
import type { User, UserRepository } from "../sql/user-repository.js";
import { isCommonPassword } from "./common-passwords.js";
import { sendMailLater } from "./mail-later.js";
import { hashPassword, PASSWORD_MAX_LENGTH, verifyPassword } from "./password.js";
import { createLinkTokenHasher, newResetToken, parseResetToken } from "./reset-token.js";
import { alreadyRegisteredMail, signUpLinkMail } from "./sign-up-mail.js";

/** How long a sign-up link works: long enough to find the mail, short enough not to linger in an inbox. */
export const SIGN_UP_LINK_MINUTES = 60;

/**
 * Sign-up requests send a mail, so they are bounded as reset requests are: per IP (one client
 * mailing many inboxes), per (address, IP) and per address (one inbox flooded from many IPs).
 * A stranger spends only their own pair, and needs four IPs to hold up the address's hour.
 */
export const SIGN_UP_REQUESTS_PER_EMAIL_AND_IP_PER_HOUR = 3;
export const SIGN_UP_REQUESTS_PER_EMAIL_PER_HOUR = 10;
/** Passwords tried at links per IP: each costs an argon2 verification. */
export const SIGN_UP_CONFIRMS_PER_IP_PER_15_MINUTES = 20;
/** Passwords tried at one link: whoever holds a link someone else asked for can't guess the password behind it. */
export const SIGN_UP_CONFIRMS_PER_LINK = 5;

export type SignUpLinkDeps = {
  users: UserRepository;
  requests: SignUpRequestRepository;
  /** Where the link (or the "you already have an account" mail) goes, off the request path. */
  mail: MailSender;
  audit: AuditLog;
  limiter: LimiterFactory;
  logger: Logger;
  /** The link token's hashing key is derived from it (its own derivation, reset-token.ts). */
  codeHashKey: string;
  appName: string;
  /** Epoch milliseconds; tests move it. */
  now?: () => number;
};

const credentials = credentialsSchema;

type Ip = string | null | undefined;

/**
 * Sign-up by emailed link. A request answers the same, after the same statements and the same
 * password hashing, whether or not the address has an account: a new address gets a link, one
 * with an account gets a mail saying so, and only the inbox's owner reads which. The account is
 * created when the link is used with the password chosen at sign-up, so a link sent to someone
 * else's address (a typo, or a stranger pre-registering the victim's address) creates nothing
 * for whoever merely opens it.
 */
export function createSignUpLinks(deps: SignUpLinkDeps) {
  const { users, requests, audit, logger } = deps;
  const now = deps.now ?? Date.now;
  const hashToken = createLinkTokenHasher(deps.codeHashKey, "twostep sign-up link token v1");
  const limits = {
    requestsPerIp: deps.limiter({ name: "signup:ip", points: SIGN_UPS_PER_IP_PER_HOUR, durationSeconds: HOUR_SECONDS }),
    requestsPerEmailAndIp: deps.limiter({ name: "signup-request:email-ip", points: SIGN_UP_REQUESTS_PER_EMAIL_AND_IP_PER_HOUR, durationSeconds: HOUR_SECONDS }),
    requestsPerEmail: deps.limiter({ name: "signup-request:email", points: SIGN_UP_REQUESTS_PER_EMAIL_PER_HOUR, durationSeconds: HOUR_SECONDS }),
    confirmsPerIp: deps.limiter({ name: "signup-confirm:ip", points: SIGN_UP_CONFIRMS_PER_IP_PER_15_MINUTES, durationSeconds: 15 * 60 }),
    confirmsPerLink: deps.limiter({ name: "signup-confirm:link", points: SIGN_UP_CONFIRMS_PER_LINK, durationSeconds: SIGN_UP_LINK_MINUTES * 60 }),
  };
  const linkInvalid = { ok: false, code: "SIGN_UP_LINK_INVALID" } as const;

  return {
    /**
     * Starts a sign-up. `confirmUrl`: the host's page that takes the link (its configured origin,
     * never a request's Host header; the token is added as `?token=`); `signInUrl`: where the
     * mail to an address that has an account sends its owner. `{ ok: true }` means only "a mail
     * is on its way to that address".
     */
    async requestSignUp(input: { email: unknown; password: unknown; ip?: Ip; confirmUrl: string | URL; signInUrl: string | URL }) {
      const parsed = credentials.safeParse({ email: input.email, password: input.password });
      if (!parsed.success) return { ok: false, code: "INVALID_INPUT", field: String(parsed.error.issues[0]?.path[0] ?? "") } as const;
      const { email: address, password: chosen } = parsed.data;
      return failClosed(
        logger,
        async () => {
          const refused =
            (await takeLimit(limits.requestsPerIp, input.ip)) ??
            (await takeLimit(limits.requestsPerEmailAndIp, `${address} ${input.ip ?? "no-ip"}`)) ??
            (await takeLimit(limits.requestsPerEmail, address));
          if (refused) return refused;
          if (isCommonPassword(chosen)) return { ok: false, code: "COMMON_PASSWORD", field: "password" } as const;
          const link = new URL(input.confirmUrl);
          const signInUrl = new URL(input.signInUrl).toString();
          const existing = await users.byEmail(address);
          // Hashed either way: an address with an account takes as long as a new one.
          const passwordHash = await hashPassword(chosen);
          const token = newResetToken();
          const nowMs = now();
          await requests.store({ email: address, passwordHash, tokenHash: hashToken(token), nowMs, expiresAtMs: nowMs + SIGN_UP_LINK_MINUTES * 60_000, issue: existing === null });
          link.searchParams.set("token", token);
          const mail = existing
            ? alreadyRegisteredMail({ to: existing.email, signInUrl, appName: deps.appName })
            : signUpLinkMail({ to: address, link: link.toString(), appName: deps.appName, linkMinutes: SIGN_UP_LINK_MINUTES });
          sendMailLater(deps.mail, mail, logger, "sign-up mail");
          return { ok: true, email: address } as const;
        },
        "sign-up request",
      );
    },

    /** Whether a link could still be used, and for which address, so its page can say so before a password is typed. */
    async checkSignUpLink(input: { token: unknown }) {
      const token = parseResetToken(input.token);
      if (!token) return linkInvalid;
      return failClosed(
        logger,
        async () => {
          const request = await requests.live(hashToken(token), now());
          return request ? ({ ok: true, email: request.email } as const) : linkInvalid;
        },
        "sign-up link check",
      );
    },

    /**
     * Creates the account a link was sent for, given the password chosen at sign-up (a wrong one:
     * INVALID_CREDENTIALS, at most SIGN_UP_CONFIRMS_PER_LINK tries). The link and every other one
     * of its address are spent; `account.created` is recorded. The caller signs the person in.
     */
    async confirmSignUp(input: { token: unknown; password: unknown; ip?: Ip }): Promise<
      | { ok: true; user: User }
      | typeof linkInvalid
      | { ok: false; code: "INVALID_CREDENTIALS" | "UNAVAILABLE" }
      | { ok: false; code: "RATE_LIMITED"; retryAfterSeconds: number }
    > {
      const token = parseResetToken(input.token);
      if (!token) return linkInvalid;
      const typed = typeof input.password === "string" ? input.password.slice(0, PASSWORD_MAX_LENGTH) : "";
      return failClosed(
        logger,
        async () => {
          const tokenHash = hashToken(token);
          const refused = (await takeLimit(limits.confirmsPerIp, input.ip)) ?? (await takeLimit(limits.confirmsPerLink, tokenHash));
          if (refused) return refused;
          const request = await requests.live(tokenHash, now());
          if (!request) return linkInvalid;
          if (!(await verifyPassword(request.passwordHash, typed))) return { ok: false, code: "INVALID_CREDENTIALS" } as const;
          // One statement decides between two uses of the link; the account only for the one that spent it.
          const address = await requests.use(tokenHash, now());
          if (!address) return linkInvalid;
          const user = await users.create({ email: address, passwordHash: request.passwordHash });
          if (!user) return linkInvalid;
          await withinStoreDeadline(audit.record({ userId: user.id, type: "account.created", ip: input.ip })).catch((err: unknown) =>
            logger.error({ err }, "could not record an audit event"),
          );
          return { ok: true, user } as const;
        },
        "sign-up confirmation",
      );
    },
  };
}

export type SignUpLinks = ReturnType<typeof createSignUpLinks>;
