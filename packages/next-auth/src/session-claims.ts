/**
 * What the session token says, beyond Auth.js's own fields. `stage` is written only by server
 * code: on the password step (authorize() → the jwt callback) and by mintFullSession() after the
 * core accepted a code. The token is encrypted and authenticated with the secret, so a client
 * can't change it, and the jwt callback never copies anything a client sends into it.
 */
export type SessionStage = "pending" | "full";

export type SessionClaims = {
  sub: string;
  email: string;
  stage: SessionStage;
  /** Epoch ms when the stage was entered: a pending stage lives only so long. */
  stageSince: number;
  /** Random per token: a new one is issued on every stage change. */
  sid: string;
};

export function readClaims(token: Record<string, unknown> | null | undefined): SessionClaims | null {
  if (!token) return null;
  const { sub, email, stage, stageSince, sid } = token;
  if (typeof sub !== "string" || typeof email !== "string" || typeof sid !== "string") return null;
  if ((stage !== "pending" && stage !== "full") || typeof stageSince !== "number") return null;
  return { sub, email, stage, stageSince, sid };
}

export function pendingExpired(claims: SessionClaims, pendingSessionMs: number, nowMs = Date.now()): boolean {
  return claims.stage === "pending" && nowMs - claims.stageSince > pendingSessionMs;
}
