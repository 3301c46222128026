import { cookies } from "next/headers";
import { PENDING_SESSION_MINUTES } from "@twostep/core";
import { afterSignInPath, sameOriginPath } from "./callback-url";

/**
 * A deep link kept across the second step: the password step remembers it here, and whichever
 * factor finishes the sign-in (SMS, app, backup code, enrollment) reads it. HttpOnly, and checked
 * again when read, so a cookie set by anything else can't turn into an open redirect. It lives no
 * longer than a pending session.
 */
const COOKIE = "twostep.after-sign-in";

/** After the password step: remembers `callbackUrl` when it is safe, forgets any older one otherwise. */
export async function rememberAfterSignIn(callbackUrl: unknown): Promise<void> {
  const jar = await cookies();
  const path = sameOriginPath(callbackUrl);
  if (!path) {
    if (jar.has(COOKIE)) jar.delete(COOKIE);
    return;
  }
  jar.set(COOKIE, path, { httpOnly: true, sameSite: "lax", path: "/", maxAge: PENDING_SESSION_MINUTES * 60 });
}

/** Where the remembered deep link points (the dashboard without one), without using it up. */
export async function peekAfterSignIn(): Promise<string> {
  return afterSignInPath((await cookies()).get(COOKIE)?.value);
}

/** Where to go now that the sign-in is full; the remembered link is used once. */
export async function takeAfterSignIn(): Promise<string> {
  const jar = await cookies();
  const path = afterSignInPath(jar.get(COOKIE)?.value);
  if (jar.has(COOKIE)) jar.delete(COOKIE);
  return path;
}
