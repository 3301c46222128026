import { randomUUID } from "node:crypto";
// Auth.js's own class, the one next-auth re-exports: only an instance of it reads as a refused
// password (error=CredentialsSignin on the sign-in page, an AuthError to a server action).
import { CredentialsSignin } from "@auth/core/errors";
import type { NextAuthConfig } from "next-auth";
import { TwoStepSessionConfigError, type SessionSettings } from "./options.js";
import { PASSWORD_ONLY_FACTOR } from "./session-gate.js";
import { pendingExpired, readClaims, type SessionClaims } from "./session-claims.js";

/**
 * What the host's `authorize()` returns once the password (or whatever first factor it checks)
 * passed: its user, plus whether this sign-in still owes a second factor. With @twostep/core that
 * is `(await twoFactor.beginSignIn({ userId, ip })).secondFactorRequired`.
 */
export type TwoStepAuthorizedUser = {
  id: string;
  email: string;
  secondFactorRequired: boolean;
  /** Recorded with the server-side session (the security page lists it): the client's IP as the host reads it. */
  ip?: string | null;
  /** The request's User-Agent; only a short description ("Firefox on macOS") is kept. */
  userAgent?: string | null;
  /**
   * Names the password hash authorize() verified (@twostep/core: `authenticate()`'s
   * `passwordStamp`); required when the options have `passwordUnchanged`. Never put in the token.
   */
  passwordStamp?: string;
};

/** Everything of an Auth.js config except what the session stage must own. */
export type HostAuthConfig = Omit<NextAuthConfig, "secret" | "session" | "jwt" | "cookies" | "useSecureCookies" | "callbacks"> & {
  callbacks?: Omit<NonNullable<NextAuthConfig["callbacks"]>, "jwt" | "session">;
};

/** Keys the session stage sets itself; a host value would either be ignored or weaken it. */
const OWNED_KEYS = ["secret", "session", "jwt", "cookies", "useSecureCookies"] as const;
const OWNED_CALLBACKS = ["jwt", "session"] as const;

export function stageAwareAuthConfig(host: HostAuthConfig, settings: SessionSettings): NextAuthConfig {
  // The types already forbid these; a plain-JS host is told at start rather than silently overridden.
  for (const key of OWNED_KEYS) {
    if (key in host) throw new TwoStepSessionConfigError(`@twostep/next-auth: remove "${key}" from the Auth.js config; the session stage sets it`);
  }
  for (const key of OWNED_CALLBACKS) {
    if (host.callbacks && key in host.callbacks) {
      throw new TwoStepSessionConfigError(`@twostep/next-auth: remove callbacks.${key}; the session stage owns it (docs: decision 002)`);
    }
  }
  return {
    ...host,
    secret: settings.secret,
    useSecureCookies: settings.secureCookies,
    session: { strategy: "jwt", maxAge: settings.fullSessionSeconds },
    pages: { signIn: settings.paths.signIn, error: settings.paths.signIn, ...host.pages },
    events: {
      ...host.events,
      async signOut(message) {
        // Sign-out ends the record, so a copy of the cookie taken before is worth nothing after.
        const claims = "token" in message ? readClaims(message.token) : null;
        if (claims && settings.sessions) await settings.sessions.end(claims.sid);
        await host.events?.signOut?.(message);
      },
    },
    callbacks: {
      ...host.callbacks,
      async jwt({ token, user }) {
        // `user` is there only right after authorize() accepted the first factor.
        if (user) return openSession(passwordStepClaims(user), user as Partial<TwoStepAuthorizedUser>, settings);
        // Every other call, including `update()` / POST /api/auth/session, returns the token as the
        // server wrote it: whatever the client sent in the request body is never read here.
        const claims = readClaims(token);
        if (!claims || pendingExpired(claims, settings.pendingSessionMs)) return null;
        // A renewal re-issues the cookie with a fresh expiry; the record's absolute end does not move,
        // so an ended or expired session is refused here too and Auth.js clears the cookie.
        if (settings.sessions) {
          const record = await settings.sessions.check(claims.sid);
          if (!record || record.userId !== claims.sub || record.stage !== claims.stage) return null;
        }
        return claims;
      },
      async session({ session, token }) {
        const claims = readClaims(token);
        return {
          ...session,
          user: { ...session.user, id: claims?.sub ?? "", email: claims?.email ?? "" },
          stage: claims?.stage ?? null,
        };
      },
    },
  };
}

/**
 * A user without a boolean `secondFactorRequired` is refused rather than guessed: reading a
 * missing flag as "no second factor" would sign in, fully, everyone whose authorize() forgot it.
 */
/**
 * With a gate, the token's sid is the id of a new server-side record. The password was checked in
 * authorize(), before this: a reset or change of password may have landed in between, and ended
 * every session before this one existed. So the record is opened first and the password checked
 * again after (passwordUnchanged): a reset writes the new hash, then ends the sessions; if the
 * check still sees the old hash, it ran before that write, so the record was open before the
 * sessions ended and the reset ends it; if it sees the new one, the sign-in ends its record here.
 */
async function openSession(claims: SessionClaims, user: Partial<TwoStepAuthorizedUser>, settings: SessionSettings): Promise<SessionClaims> {
  if (!settings.sessions) return claims;
  const { passwordUnchanged } = settings;
  const stamp = user.passwordStamp;
  if (passwordUnchanged && typeof stamp !== "string") {
    throw new TwoStepSessionConfigError("@twostep/next-auth: with passwordUnchanged, authorize() must return the passwordStamp of the password it checked");
  }
  const ip = typeof user.ip === "string" ? user.ip : null;
  const record = await settings.sessions.open({
    userId: claims.sub,
    stage: claims.stage,
    factor: claims.stage === "full" ? PASSWORD_ONLY_FACTOR : null,
    ip,
    userAgent: typeof user.userAgent === "string" ? user.userAgent : null,
  });
  if (passwordUnchanged && typeof stamp === "string") {
    let unchanged = false;
    try {
      unchanged = await passwordUnchanged(claims.sub, stamp, { ip });
    } finally {
      // A check that failed or threw leaves no record behind: no cookie will name it.
      if (!unchanged) await settings.sessions.end(record.id);
    }
    // The password typed is no longer the account's: the answer to a wrong password.
    if (!unchanged) throw new CredentialsSignin();
  }
  return { ...claims, sid: record.id };
}

function passwordStepClaims(user: unknown): SessionClaims {
  const { id, email, secondFactorRequired } = (user ?? {}) as Partial<TwoStepAuthorizedUser>;
  if (typeof id !== "string" || typeof email !== "string" || typeof secondFactorRequired !== "boolean") {
    throw new TwoStepSessionConfigError("@twostep/next-auth: authorize() must return { id, email, secondFactorRequired: boolean }");
  }
  const stage = secondFactorRequired ? "pending" : "full";
  return { sub: id, email, stage, stageSince: Date.now(), sid: randomUUID(), ...(stage === "full" ? { factor: PASSWORD_ONLY_FACTOR } : {}) };
}
