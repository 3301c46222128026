import type { Logger } from "../../log/logger.js";
import type { StoredAuditEvent } from "../../ports/audit-log.js";
import { auditRowsOf, auditStreamKey, type AuditStreamEntry } from "./audit-stream-entry.js";
import type { Redis } from "ioredis";

/** Where moved events land: the SQL audit log's table (createSqlAuditImport). */
export type AuditImport = {
  /** The audit log's identity (AuditLog.sink): the Redis check claims it only through a mover. */
  readonly sink: object;
  /** Inserts the rows, skipping any whose id is already there. */
  insertOnce(rows: StoredAuditEvent[]): Promise<void>;
};

export type AuditStreamMover = {
  readonly sink: object;
  readonly streamKey: string;
  /** Moves soon, off the caller's path (after a check appended an entry). */
  kick(): void;
  /** Moves everything in the stream now; rejects when Redis or SQL fails (the entries stay). */
  moveNow(): Promise<number>;
  /** Stops the timer and waits for a move under way. */
  close(): Promise<void>;
};

/** Entries per XRANGE and per SQL insert. */
const BATCH_ENTRIES = 200;
/** The periodic move: picks up what a kick missed (SQL was down) or a killed server left. */
export const AUDIT_MOVE_INTERVAL_MS = 5_000;
/**
 * Least time between the starts of two kicked moves. A quiet server moves at once (the security
 * log shows a guess within milliseconds); a busy one gathers the guesses of these milliseconds
 * into one move, instead of three round trips and an INSERT behind nearly every check, which
 * cost the app more CPU than the checks themselves (npm run bench, Redis).
 */
export const AUDIT_MOVE_GAP_MS = 25;

/**
 * Moves the audit stream into the SQL audit log in batches: XRANGE, one INSERT … ON CONFLICT DO
 * NOTHING, XDEL. Row ids come from the entries (audit-stream-entry.ts), so a crash between the
 * insert and XDEL, or two servers moving at once, never doubles a row. While SQL is down the
 * entries stay in the stream and land on a later move. Starts with a move, so a restarted server
 * picks up what a killed one left.
 */
export function createAuditStreamMover(options: {
  redis: Redis;
  prefix?: string;
  target: AuditImport;
  logger: Logger;
  intervalMs?: number;
}): AuditStreamMover {
  const { redis, target, logger } = options;
  const streamKey = auditStreamKey(options.prefix ?? "twostep");
  let running: Promise<number> | null = null;
  let again = false;
  let closed = false;
  let failing = false;
  let lastKickedMoveAtMs = 0;
  let pendingKick: NodeJS.Timeout | null = null;

  async function moveBatch(): Promise<number> {
    const entries = (await redis.xrange(streamKey, "-", "+", "COUNT", BATCH_ENTRIES)) as AuditStreamEntry[];
    if (entries.length === 0) return 0;
    const rows = entries.flatMap((entry) => auditRowsOf(streamKey, entry));
    if (rows.length > 0) await target.insertOnce(rows);
    await redis.xdel(streamKey, ...entries.map(([id]) => id));
    return entries.length;
  }

  async function moveAll(): Promise<number> {
    let moved = 0;
    for (;;) {
      const batch = await moveBatch();
      moved += batch;
      if (batch < BATCH_ENTRIES || closed) return moved;
    }
  }

  /** One move at a time per process; a kick during a move asks for one more after it. */
  function move(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    running = moveAll().finally(() => {
      running = null;
      if (again && !closed) {
        again = false;
        kick();
      }
    });
    return running;
  }

  function kick(): void {
    if (closed || pendingKick) return;
    const waitMs = lastKickedMoveAtMs + AUDIT_MOVE_GAP_MS - Date.now();
    if (waitMs <= 0) return moveAndReport();
    pendingKick = setTimeout(() => {
      pendingKick = null;
      moveAndReport();
    }, waitMs);
    pendingKick.unref();
  }

  function moveAndReport(): void {
    if (closed) return;
    lastKickedMoveAtMs = Date.now();
    move().then(
      () => {
        if (failing) logger.info({ streamKey }, "audit stream moves again");
        failing = false;
      },
      (error: unknown) => {
        // Once per outage: the timer retries every few seconds.
        if (!failing) logger.warn({ err: error, streamKey }, "could not move the audit stream; its entries wait in Redis");
        failing = true;
      },
    );
  }

  const timer = setInterval(kick, options.intervalMs ?? AUDIT_MOVE_INTERVAL_MS);
  // The mover must never keep a CLI or test process alive.
  timer.unref();
  kick();

  return {
    sink: target.sink,
    streamKey,
    kick,
    moveNow: async () => {
      if (running) await running.catch(() => 0);
      return move();
    },
    async close() {
      closed = true;
      clearInterval(timer);
      if (pendingKick) clearTimeout(pendingKick);
      await running?.catch(() => 0);
    },
  };
}
