import { PENDING_SESSION_MINUTES } from "@twostep/core";

/**
 * What our session token says, beyond Auth.js's own fields. `stage` is written only by server
 * code: on the password step (authorize → jwt callback) and by issueFullSession() after the core
 * accepted a code. The token is encrypted and authenticated with AUTH_SECRET, so a client can't
 * change it, and the jwt callback never copies anything a client sends into it.
 */
export type SessionStage = "pending" | "full";

export type SessionClaims = {
  sub: string;
  email: string;
  stage: SessionStage;
  /** Epoch ms when the stage was entered; a pending stage lives PENDING_SESSION_MINUTES. */
  stageSince: number;
  /** Random per token: a new one is issued on every stage change. */
  sid: string;
};

export const PENDING_SESSION_MS = PENDING_SESSION_MINUTES * 60_000;
/** A full session lasts a week, refreshed while used (Auth.js rolls the expiry). */
export const FULL_SESSION_SECONDS = 7 * 24 * 60 * 60;

export function readClaims(token: Record<string, unknown> | null | undefined): SessionClaims | null {
  if (!token) return null;
  const { sub, email, stage, stageSince, sid } = token;
  if (typeof sub !== "string" || typeof email !== "string" || typeof sid !== "string") return null;
  if ((stage !== "pending" && stage !== "full") || typeof stageSince !== "number") return null;
  return { sub, email, stage, stageSince, sid };
}

export function pendingExpired(claims: SessionClaims, nowMs = Date.now()): boolean {
  return claims.stage === "pending" && nowMs - claims.stageSince > PENDING_SESSION_MS;
}
