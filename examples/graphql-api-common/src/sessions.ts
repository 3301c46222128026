import { createHash, randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { describeDevice, PENDING_SESSION_MINUTES } from "@twostep/core";
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
/** Where a session was opened, for the session list; `factor` is what passed the last step. */
export type SessionOrigin = { ip: string | null; userAgent: string | null; factor: string | null };

/** A row of the session list (mySessions); `id` is the token hash, never the token. */
export type SessionListing = {
  id: string;
  device: string | null;
  ip: string | null;
  createdAtMs: number;
  lastSeenAtMs: number;
  factor: string | null;
  current: boolean;
};

export function createSessions(db: Database) {
  async function start(userId: string, stage: SessionStage, origin: SessionOrigin): Promise<string> {
    const token = randomBytes(32).toString("base64url");
    const lifetimeMinutes = stage === "full" ? FULL_SESSION_MINUTES : PENDING_SESSION_MINUTES;
    await db.execute(
      sql`INSERT INTO app.sessions (token_hash, user_id, stage, signed_in_at, expires_at, ip, device, factor)
          VALUES (${hashToken(token)}, ${userId}, ${stage}, ${stage === "full" ? sql`now()` : null}, now() + make_interval(mins => ${lifetimeMinutes}::int),
                  ${origin.ip}, ${describeDevice(origin.userAgent)}, ${stage === "full" ? origin.factor : null})`,
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
    async upgrade(session: Session, origin: SessionOrigin): Promise<string | null> {
      const ended = await queryRows(
        db,
        sql`DELETE FROM app.sessions WHERE token_hash = ${session.tokenHash} AND user_id = ${session.userId} AND stage = 'pending' RETURNING 1`,
      );
      return ended.length === 1 ? start(session.userId, "full", origin) : null;
    },

    async end(token: string): Promise<void> {
      await db.execute(sql`DELETE FROM app.sessions WHERE token_hash = ${hashToken(token)}`);
    },

    /**
     * The user's live full sessions, newest first, `current` marking the asker's. Pending ones are
     * left out: they are a sign-in in progress, not a browser that is signed in. This example keeps
     * no activity time (that would be a write per request), so "last seen" is the sign-in time.
     */
    async list(userId: string, currentHash: string | null): Promise<SessionListing[]> {
      const rows = await queryRows<{ token_hash: string; ip: string | null; device: string | null; factor: string | null; created_at: Date | string }>(
        db,
        sql`SELECT token_hash, ip, device, factor, created_at FROM app.sessions
            WHERE user_id = ${userId} AND stage = 'full' AND expires_at > now() ORDER BY created_at DESC`,
      );
      return rows.map((row) => {
        const createdAtMs = new Date(row.created_at).getTime();
        return { id: row.token_hash, device: row.device, ip: row.ip, createdAtMs, lastSeenAtMs: createdAtMs, factor: row.factor, current: row.token_hash === currentHash };
      });
    },

    /** Ends one session of this user by its token hash; another user's is left alone. */
    async endForUser(userId: string, tokenHash: string): Promise<boolean> {
      const ended = await queryRows(db, sql`DELETE FROM app.sessions WHERE token_hash = ${tokenHash} AND user_id = ${userId} RETURNING 1`);
      return ended.length === 1;
    },

    /** Ends every session of this user but the one named. */
    async endOthers(userId: string, keepHash: string): Promise<number> {
      const ended = await queryRows(db, sql`DELETE FROM app.sessions WHERE user_id = ${userId} AND token_hash <> ${keepHash} RETURNING 1`);
      return ended.length;
    },
  };
}

export type Sessions = ReturnType<typeof createSessions>;
