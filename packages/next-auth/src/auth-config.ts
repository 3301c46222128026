import { randomUUID } from "node:crypto";
import type { NextAuthConfig } from "next-auth";
import { TwoStepSessionConfigError, type SessionSettings } from "./options.js";
import { pendingExpired, readClaims, type SessionClaims } from "./session-claims.js";

/**
 * What the host's `authorize()` returns once the password (or whatever first factor it checks)
 * passed: its user, plus whether this sign-in still owes a second factor. With @twostep/core that
 * is `(await twoFactor.beginSignIn({ userId, ip })).secondFactorRequired`.
 */
export type TwoStepAuthorizedUser = { id: string; email: string; secondFactorRequired: boolean };

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
    callbacks: {
      ...host.callbacks,
      async jwt({ token, user }) {
        // `user` is there only right after authorize() accepted the first factor.
        if (user) return passwordStepClaims(user);
        // Every other call, including `update()` / POST /api/auth/session, returns the token as the
        // server wrote it: whatever the client sent in the request body is never read here.
        const claims = readClaims(token);
        if (!claims || pendingExpired(claims, settings.pendingSessionMs)) return null;
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
function passwordStepClaims(user: unknown): SessionClaims {
  const { id, email, secondFactorRequired } = (user ?? {}) as Partial<TwoStepAuthorizedUser>;
  if (typeof id !== "string" || typeof email !== "string" || typeof secondFactorRequired !== "boolean") {
    throw new TwoStepSessionConfigError("@twostep/next-auth: authorize() must return { id, email, secondFactorRequired: boolean }");
  }
  return { sub: id, email, stage: secondFactorRequired ? "pending" : "full", stageSince: Date.now(), sid: randomUUID() };
}
