import { createHash, randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { PENDING_SESSION_MINUTES } from "@twostep/core";
import { queryRows, type Database } from "@twostep/core/sql";

/** `pending`: the password passed, the second factor is owed. `full`: signed in. */
export type SessionStage = "pending" | "full";

export type Session = {
  tokenHash: string;
  userId: string;
  email: string;
  stage: SessionStage;
  /** When the session became full (its second factor passed, or the account has none). */
  signedInAtMs: number | null;
};

const FULL_SESSION_MINUTES = 7 * 24 * 60;
const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/**
 * Server-side sessions in app.sessions. The stage is only ever set here, by the server: a new
 * session starts pending or full, and `upgrade` swaps a pending one for a new full one. Nothing
 * in a request can edit a stage.
 */
export function createSessions(db: Database) {
  async function start(userId: string, stage: SessionStage): Promise<string> {
    const token = randomBytes(32).toString("base64url");
    const lifetimeMinutes = stage === "full" ? FULL_SESSION_MINUTES : PENDING_SESSION_MINUTES;
    await db.execute(
      sql`INSERT INTO app.sessions (token_hash, user_id, stage, signed_in_at, expires_at)
          VALUES (${hashToken(token)}, ${userId}, ${stage}, ${stage === "full" ? sql`now()` : null}, now() + make_interval(mins => ${lifetimeMinutes}::int))`,
    );
    return token;
  }

  return {
    /** A new session; returns the token for the cookie (never stored as is). */
    start,

    async read(token: string): Promise<Session | null> {
      const [row] = await queryRows<{ user_id: string; email: string; stage: SessionStage; signed_in_at: Date | string | null }>(
        db,
        sql`SELECT s.user_id, u.email, s.stage, s.signed_in_at FROM app.sessions s JOIN app.users u ON u.id = s.user_id
            WHERE s.token_hash = ${hashToken(token)} AND s.expires_at > now()`,
      );
      if (!row) return null;
      const signedInAtMs = row.signed_in_at === null ? null : new Date(row.signed_in_at).getTime();
      return { tokenHash: hashToken(token), userId: row.user_id, email: row.email, stage: row.stage, signedInAtMs };
    },

    /**
     * Ends a pending session and starts a full one under a new token (a fresh id after the
     * second factor, so a token seen before it is worth nothing). Null when that pending
     * session is gone: expired, already upgraded by a racing request, or never pending.
     */
    async upgrade(session: Session): Promise<string | null> {
      const ended = await queryRows(
        db,
        sql`DELETE FROM app.sessions WHERE token_hash = ${session.tokenHash} AND user_id = ${session.userId} AND stage = 'pending' RETURNING 1`,
      );
      return ended.length === 1 ? start(session.userId, "full") : null;
    },

    async end(token: string): Promise<void> {
      await db.execute(sql`DELETE FROM app.sessions WHERE token_hash = ${hashToken(token)}`);
    },
  };
}

export type Sessions = ReturnType<typeof createSessions>;
