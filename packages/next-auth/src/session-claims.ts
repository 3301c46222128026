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
  /**
   * An `amr`-style claim (RFC 8176 in spirit): what passed the second step of a full session
   * ("sms", "totp", "backup_code"), or "password" when none was owed. Absent while pending, and on
   * tokens minted before the claim existed (read as unknown, never as a factor).
   */
  factor?: string;
};

export function readClaims(token: Record<string, unknown> | null | undefined): SessionClaims | null {
  if (!token) return null;
  const { sub, email, stage, stageSince, sid, factor } = token;
  if (typeof sub !== "string" || typeof email !== "string" || typeof sid !== "string") return null;
  if ((stage !== "pending" && stage !== "full") || typeof stageSince !== "number") return null;
  return stage === "full" && typeof factor === "string" ? { sub, email, stage, stageSince, sid, factor } : { sub, email, stage, stageSince, sid };
}

export function pendingExpired(claims: SessionClaims, pendingSessionMs: number, nowMs = Date.now()): boolean {
  return claims.stage === "pending" && nowMs - claims.stageSince > pendingSessionMs;
}
