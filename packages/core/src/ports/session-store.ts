/** Which step a session has passed: the password only ("pending"), or the whole sign-in ("full"). */
export type SessionStage = "pending" | "full";

/** One signed-in (or half signed-in) browser, as the server remembers it. */
export type SessionRecord = {
  /** Random, unguessable; the session cookie carries it. */
  id: string;
  userId: string;
  stage: SessionStage;
  /** What passed the second step ("sms", "backup_code", …), or "password" when none was owed; null while pending. */
  factor: string | null;
  /** Epoch milliseconds. */
  createdAtMs: number;
  /** Fixed at creation: the absolute end of this session, never moved by use. */
  expiresAtMs: number;
  /** Coarse: written at most once per touch interval, so a request is a read, not a write. */
  lastSeenAtMs: number;
  ip: string | null;
  /** "Firefox on macOS": short and free of version numbers, from the user agent. */
  device: string | null;
};

/**
 * Where session records live: `@twostep/core/sql` or `@twostep/core/redis`. Each call is one
 * statement or one round trip; the lifetime rules live in the registry (sessions/session-registry.ts).
 */
export interface SessionStore {
  /**
   * True when get() answers null for a session whose user no longer exists (the SQL store over
   * twostep's own users, `userMustExist`): the session read then also tells that the account exists.
   */
  readonly checksUser?: boolean;
  insert(record: SessionRecord): Promise<void>;
  /**
   * The pending session that becomes a full one: deletes the record `endId` and inserts `record`,
   * only if `endId` still exists, is pending and is `record.userId`'s, and answers whether it did.
   * Ended meanwhile (a sign-out, "end other sessions", a password reset while the second step was
   * checked), nothing is inserted and the answer is false. One statement on SQL. Optional; without
   * it the registry reads the record, then deletes and inserts, which can't see an end in between.
   */
  replace?(endId: string, record: SessionRecord): Promise<boolean>;
  /** The record by id (one indexed read), or null; expired records may still be returned. */
  get(id: string): Promise<SessionRecord | null>;
  /** Moves last seen forward; never creates a record that was ended meanwhile. */
  touch(id: string, lastSeenAtMs: number): Promise<void>;
  delete(id: string): Promise<void>;
  /** Ends every session of the user except `keepId` (when given); returns how many ended. */
  deleteForUser(userId: string, keepId?: string | null): Promise<number>;
  /** The user's records, newest first, dropping those past their absolute end. */
  listForUser(userId: string, nowMs: number): Promise<SessionRecord[]>;
}
