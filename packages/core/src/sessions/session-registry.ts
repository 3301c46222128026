import { randomBytes } from "node:crypto";
import { PENDING_SESSION_MINUTES } from "../policy.js";
import type { SessionRecord, SessionStage, SessionStore } from "../ports/session-store.js";
import { describeDevice } from "./describe-device.js";
import { SESSION_ABSOLUTE_SECONDS_DEFAULT, SESSION_IDLE_SECONDS_DEFAULT, SESSION_TOUCH_INTERVAL_SECONDS } from "./session-policy.js";

export type SessionLifetimes = {
  /** From sign-in to the end of a full session, whatever its use. Default 7 days. */
  absoluteSeconds?: number;
  /** Unused this long, a session ends. Default 1 day. */
  idleSeconds?: number;
  /** How long a password-only session may wait for its second factor. Default PENDING_SESSION_MINUTES. */
  pendingSeconds?: number;
};

export type OpenSessionInput = {
  userId: string;
  stage: SessionStage;
  /** What passed the last step; null while pending. */
  factor: string | null;
  ip?: string | null;
  userAgent?: string | null;
};

/** A live session as callers see it; `current` marks the asker's own in a list. */
export type SessionView = SessionRecord & { current: boolean };

export type SessionRegistry = {
  /** Records a new session and returns it (its id goes into the cookie). */
  open(input: OpenSessionInput): Promise<SessionRecord>;
  /**
   * Ends `endId` and records a new session in its place, in one step where the store can (one
   * statement on SQL): the pending session becoming a full one at the end of sign-in. Only if
   * `endId` is still there, pending and `input.userId`'s: ended while the second step was checked
   * (a sign-out, "end other sessions", a password reset), nothing opens and the answer is null, and
   * the person must sign in again.
   */
  replace(endId: string, input: OpenSessionInput): Promise<SessionRecord | null>;
  /** The record while it is live (within its absolute end and idle timeout), else null. Touches it coarsely. */
  check(id: string): Promise<SessionRecord | null>;
  end(id: string): Promise<void>;
  /** Ends one session of this user (a row's "sign out"); another user's id is ignored. */
  endForUser(userId: string, id: string): Promise<boolean>;
  /** Ends every session of the user but `keepId` ("sign out everywhere else", 2FA changes); null keeps none. */
  endOthers(userId: string, keepId: string | null): Promise<number>;
  list(userId: string, currentId?: string | null): Promise<SessionView[]>;
  /** The settings in force, in seconds. */
  lifetimes: Required<SessionLifetimes>;
  /**
   * True when check() also answers null for a session whose account was deleted (the store reads
   * the session and its user together): a caller then needs no read of its own for that.
   */
  checksUser: boolean;
};

export type SessionRegistryDeps = {
  store: SessionStore;
  lifetimes?: SessionLifetimes;
  /** Epoch milliseconds; tests move it. */
  now?: () => number;
};

/** 256 bits: the id alone is what a cookie presents, so it must be unguessable. */
const newSessionId = () => randomBytes(32).toString("base64url");

export function createSessionRegistry(deps: SessionRegistryDeps): SessionRegistry {
  const now = deps.now ?? Date.now;
  const lifetimes: Required<SessionLifetimes> = {
    absoluteSeconds: deps.lifetimes?.absoluteSeconds ?? SESSION_ABSOLUTE_SECONDS_DEFAULT,
    idleSeconds: deps.lifetimes?.idleSeconds ?? SESSION_IDLE_SECONDS_DEFAULT,
    pendingSeconds: deps.lifetimes?.pendingSeconds ?? PENDING_SESSION_MINUTES * 60,
  };
  for (const [name, value] of Object.entries(lifetimes)) {
    if (!Number.isInteger(value) || value <= 0) throw new RangeError(`session lifetimes: ${name} must be a positive whole number of seconds`);
  }
  const { store } = deps;
  // The touch interval never exceeds the idle timeout, or a busy session could idle out.
  const touchEveryMs = Math.min(SESSION_TOUCH_INTERVAL_SECONDS, Math.max(1, Math.floor(lifetimes.idleSeconds / 4))) * 1000;

  const isLive = (record: SessionRecord, nowMs: number) =>
    nowMs < record.expiresAtMs && nowMs - record.lastSeenAtMs < lifetimes.idleSeconds * 1000;

  const newRecord = (input: OpenSessionInput): SessionRecord => {
    const nowMs = now();
    const lifetime = input.stage === "pending" ? lifetimes.pendingSeconds : lifetimes.absoluteSeconds;
    return {
      id: newSessionId(),
      userId: input.userId,
      stage: input.stage,
      factor: input.factor,
      createdAtMs: nowMs,
      expiresAtMs: nowMs + lifetime * 1000,
      lastSeenAtMs: nowMs,
      ip: input.ip ?? null,
      device: describeDevice(input.userAgent),
    };
  };

  return {
    lifetimes,
    checksUser: store.checksUser === true,
    async open(input) {
      const record = newRecord(input);
      await store.insert(record);
      return record;
    },
    async replace(endId, input) {
      if (typeof endId !== "string" || endId.length === 0) return null;
      const record = newRecord(input);
      if (store.replace) return (await store.replace(endId, record)) ? record : null;
      // A store without replace: read, then end and open. An end landing between the read and
      // the delete goes unseen here; the stores twostep ships all implement replace.
      const ending = await store.get(endId);
      if (!ending || ending.userId !== record.userId || ending.stage !== "pending") return null;
      await store.delete(endId);
      await store.insert(record);
      return record;
    },
    async check(id) {
      if (typeof id !== "string" || id.length === 0) return null;
      const record = await store.get(id);
      const nowMs = now();
      if (!record || !isLive(record, nowMs)) return null;
      if (nowMs - record.lastSeenAtMs >= touchEveryMs) {
        // Best effort: a failed touch costs idle-time precision, never the request.
        await store.touch(id, nowMs).catch(() => undefined);
        return { ...record, lastSeenAtMs: nowMs };
      }
      return record;
    },
    end: (id) => store.delete(id),
    async endForUser(userId, id) {
      const record = await store.get(id);
      if (!record || record.userId !== userId) return false;
      await store.delete(id);
      return true;
    },
    endOthers: (userId, keepId) => store.deleteForUser(userId, keepId),
    async list(userId, currentId = null) {
      const nowMs = now();
      const records = await store.listForUser(userId, nowMs);
      return records.filter((r) => isLive(r, nowMs)).map((r) => ({ ...r, current: r.id === currentId }));
    },
  };
}
