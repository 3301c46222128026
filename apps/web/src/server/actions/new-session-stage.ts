import { cookies } from "next/headers";
import { readSessionCookie, sessionCookieName } from "../auth/session-cookie";
import type { SessionStage } from "../auth/session-claims";

/**
 * The stage of the session cookie that `signIn()` just set in this action. `auth()` can't tell:
 * it reads the cookie the request came with. Used only to pick where to send the user next; the
 * page there checks the session again, so a wrong answer costs a redirect, never access.
 */
export async function newSessionStage(): Promise<SessionStage | null> {
  const claims = await readSessionCookie((await cookies()).get(sessionCookieName())?.value);
  return claims?.stage ?? null;
}
