import { cookies } from "next/headers";
import { PENDING_SESSION_MINUTES, type ErrorCode } from "@twostep/core";

/**
 * Why the SMS the password step asked for did not go out, kept for the code page: that page only
 * reads the code's state, and without this it could say no more than "there is no active code",
 * while a resend is refused for the same reason (a spent budget, a paused country) and a backup
 * code is what helps. HttpOnly, a closed code and when a retry may work, nothing else; read
 * back against the same closed list, so a forged value can only say one of these sentences. It
 * lives no longer than a pending session, and a sign-in whose SMS went out removes it.
 */
const COOKIE = "twostep.first-code-failure";

const KEPT: readonly ErrorCode[] = ["SEND_FAILED", "PHONE_BLOCKED_BY_PROVIDER", "COUNTRY_PAUSED", "COUNTRY_NOT_ALLOWED", "RATE_LIMITED", "UNAVAILABLE"];

export type FirstCodeFailure = { code: ErrorCode; retryAfterSeconds?: number };

/** After the password step: keeps why its SMS failed, or forgets an older failure when it was sent (or none was asked). */
export async function keepFirstCodeFailure(send: { ok: boolean; code?: string; retryAfterSeconds?: number } | null): Promise<void> {
  const jar = await cookies();
  const code = send && !send.ok ? KEPT.find((kept) => kept === send.code) : undefined;
  if (!code) {
    if (jar.has(COOKIE)) jar.delete(COOKIE);
    return;
  }
  const retryAt = send?.retryAfterSeconds ? Math.ceil(Date.now() / 1000) + send.retryAfterSeconds : 0;
  jar.set(COOKIE, `${code}.${retryAt}`, { httpOnly: true, sameSite: "lax", path: "/", maxAge: PENDING_SESSION_MINUTES * 60 });
}

/** The failure the code page should say, with the time left before a retry; null when none is kept or its wait is over. */
export async function readFirstCodeFailure(): Promise<FirstCodeFailure | null> {
  const [code, retryAt] = ((await cookies()).get(COOKIE)?.value ?? "").split(".");
  const kept = KEPT.find((known) => known === code);
  if (!kept) return null;
  const until = Number(retryAt);
  if (!Number.isSafeInteger(until) || until <= 0) return { code: kept };
  const left = until - Math.floor(Date.now() / 1000);
  // A wait that is over: the page's own "ask for a new code" is the truth again.
  return left > 0 ? { code: kept, retryAfterSeconds: left } : null;
}
