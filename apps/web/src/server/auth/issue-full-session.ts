import { randomUUID } from "node:crypto";
import { encode } from "next-auth/jwt";
import { cookies } from "next/headers";
import { getConfig } from "../config";
import { FULL_SESSION_SECONDS, type SessionClaims } from "./session-claims";
import { sessionCookieName } from "./session-cookie";

/**
 * The only place a session becomes "full": called by server code right after the core accepted
 * a code (or a backup code). It mints a brand-new token (new sid, new jti) rather than editing
 * the pending one, so a pending token captured earlier never turns into a signed-in one.
 */
export async function issueFullSession(pending: Pick<SessionClaims, "sub" | "email">): Promise<void> {
  const config = getConfig();
  const name = sessionCookieName();
  const claims: SessionClaims = {
    sub: pending.sub,
    email: pending.email,
    stage: "full",
    stageSince: Date.now(),
    sid: randomUUID(),
  };
  const token = await encode({ token: claims, secret: config.authSecret, salt: name, maxAge: FULL_SESSION_SECONDS });
  const jar = await cookies();
  jar.set(name, token, {
    httpOnly: true,
    sameSite: "lax",
    secure: config.origin.protocol === "https:",
    path: "/",
    maxAge: FULL_SESSION_SECONDS,
  });
}
