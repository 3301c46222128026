import { randomUUID } from "node:crypto";
import { encode } from "next-auth/jwt";
import { decodeSessionToken } from "./decode-session-token.js";
import type { SessionSettings } from "./options.js";
import { pendingExpired, readClaims, type SessionClaims } from "./session-claims.js";

/** Auth.js's own cookie name for the session token, so its handlers and ours share one cookie. */
export function sessionCookieName(settings: Pick<SessionSettings, "secureCookies">): string {
  return settings.secureCookies ? "__Secure-authjs.session-token" : "authjs.session-token";
}

/**
 * Reads the claims of a session cookie without touching it: no refresh, no Set-Cookie. A forged
 * or tampered token, or a pending one past its time, reads as no session.
 */
export async function readSessionToken(value: string | undefined, settings: SessionSettings): Promise<SessionClaims | null> {
  if (!value) return null;
  try {
    const claims = readClaims(await decodeSessionToken(value, settings.secret, sessionCookieName(settings)));
    return claims && !pendingExpired(claims, settings.pendingSessionMs) ? claims : null;
  } catch {
    return null;
  }
}

/**
 * A brand-new full-stage token (new sid; encode() adds a new jti) rather than an edit of the
 * pending one, so a pending token captured earlier never turns into a signed-in one.
 */
export function encodeFullSessionToken(
  user: Pick<SessionClaims, "sub" | "email">,
  settings: SessionSettings,
  /** The server-side record's id when a session gate is configured. */
  sid: string = randomUUID(),
  /** What passed the second step, carried as the token's `factor` claim. */
  factor?: string,
): Promise<string> {
  const claims: SessionClaims = { sub: user.sub, email: user.email, stage: "full", stageSince: Date.now(), sid, ...(factor ? { factor } : {}) };
  return encode({ token: claims, secret: settings.secret, salt: sessionCookieName(settings), maxAge: settings.fullSessionSeconds });
}
