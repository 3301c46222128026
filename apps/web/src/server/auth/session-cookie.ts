import { decode } from "next-auth/jwt";
import { getConfig } from "../config";
import { pendingExpired, readClaims, type SessionClaims } from "./session-claims";

/** Auth.js's cookie name for the session token (the `__Secure-` prefix on https origins). */
export function sessionCookieName(): string {
  return getConfig().origin.protocol === "https:" ? "__Secure-authjs.session-token" : "authjs.session-token";
}

/**
 * Reads the claims of a session cookie without touching it: no refresh, no Set-Cookie. A live
 * pending token past its 10 minutes reads as no session.
 */
export async function readSessionCookie(value: string | undefined): Promise<SessionClaims | null> {
  if (!value) return null;
  const name = sessionCookieName();
  try {
    const claims = readClaims(await decode({ token: value, secret: getConfig().authSecret, salt: name }));
    return claims && !pendingExpired(claims) ? claims : null;
  } catch {
    return null;
  }
}
