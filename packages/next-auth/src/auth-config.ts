import { randomUUID } from "node:crypto";
// Auth.js's own class, the one next-auth re-exports: only an instance of it reads as a refused
// password (error=CredentialsSignin on the sign-in page, an AuthError to a server action).
import { CredentialsSignin } from "@auth/core/errors";
import type { NextAuthConfig } from "next-auth";
import { TwoStepSessionConfigError, type SessionSettings } from "./options.js";
import { PASSWORD_ONLY_FACTOR } from "./session-gate.js";
import { pendingExpired, readClaims, type SessionClaims, type SessionStage } from "./session-claims.js";

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

/**
 * Auth.js's Session as this package's session callback answers it: `stage` says whether the
 * second factor passed ("full") or is still owed ("pending"; then there is no `user`). Loaded with
 * the package's types, so a host can check `session?.stage === "full"` on what `auth()` and
 * `useSession()` return. next-auth re-exports @auth/core's Session, so this reaches both.
 */
declare module "next-auth" {
  interface Session {
    stage?: SessionStage;
  }
}

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
  const hostAuthorized = host.callbacks?.authorized;
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
      // A host's middleware guard (`export { auth as middleware }` with `authorized`) is asked about
      // full sessions only: a pending one reaches it as no session at all, so the usual
      // `({ auth }) => !!auth` fails closed too. The code form's path must be let through, or the
      // guard left to `proxy()`, which sends a pending session there.
      ...(hostAuthorized && {
        authorized: (params) => hostAuthorized({ ...params, auth: params.auth?.stage === "full" ? params.auth : null }),
      }),
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
        // Only a full session shows a user. A host's guards written before 2FA ask "is there a
        // user?" (`if (!session?.user)`, `authorized: ({ auth }) => !!auth?.user`, `data.user` on
        // the client): a pending session must fail them. It still says its stage, and the cookie
        // stays (the jwt callback kept the token), so the code form goes on working; this package
        // itself reads the cookie (getViewer, proxy), never this answer.
        //
        // `user: undefined` is spelled out, not left out: next-auth's server auth() builds
        // `{ user: token, ...answer }` (next-auth/lib/index.js, getSession), so an answer without
        // the key would hand the host the raw token as its user. And not null for the whole
        // answer: next-auth then falls back to Auth.js's default session, user and email included.
        const claims = readClaims(token);
        if (claims?.stage !== "full") return { ...session, user: undefined, stage: claims?.stage };
        return {
          ...session,
          user: { ...session.user, id: claims.sub, email: claims.email },
          stage: "full",
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
