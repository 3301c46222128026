import type { Logger } from "../../log/logger.js";
import type { StoredAuditEvent } from "../../ports/audit-log.js";
import { auditRowsOf, auditStreamKey, type AuditStreamEntry } from "./audit-stream-entry.js";
import { randomUUID } from "node:crypto";
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
  /**
   * Resolves true once every entry the stream held at the call has landed in SQL (whichever
   * instance moved it), false when `timeoutMs` passed first; rejects when Redis fails. Kicks this
   * server's mover rather than moving itself, so readers never multiply the stream's moves.
   */
  caughtUp(timeoutMs: number): Promise<boolean>;
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
 * How long a server may hold the stream for a kicked move. Every app instance kicks its own mover
 * and all of them read the one stream: without a holder, each entry would be read, inserted (and
 * skipped as a conflict) and deleted by every instance. A holder that dies is replaced after this.
 */
export const AUDIT_MOVE_LEASE_MS = 5_000;

/** Stream ids are "<ms>-<seq>": true when `id` comes after `than`. */
function streamIdAfter(id: string, than: string): boolean {
  const [ms, seq] = id.split("-").map(BigInt) as [bigint, bigint];
  const [thanMs, thanSeq] = than.split("-").map(BigInt) as [bigint, bigint];
  return ms > thanMs || (ms === thanMs && seq > thanSeq);
}

/** Gives the lease back only if it is still ours (it may have run out and gone to another server). */
const RELEASE_IF_OURS = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

/**
 * Drops a moved batch from the head of the stream: everything up to and including ARGV[1], the
 * batch's last id, in one XTRIM MINID and one XDEL: XDEL of all 200 ids of a batch cost Redis 7.0
 * about 600 µs, the trim about 15 µs (INFO commandstats, check entries). Safe because the batch was
 * read from "-" in id order, so every entry up to its last id that was there then is in the batch;
 * and an entry appended since has a higher id than any the stream has held, as long as the stream
 * still holds the batch's last id. When it doesn't (another mover took the batch, a failover to a
 * replica that never had it), the ids of the stream may have started again below it: the script
 * returns -1 and the mover deletes the batch's own ids (XDEL), as does Redis before 6.2, which has
 * no MINID.
 * KEYS[1] stream; ARGV[1] the batch's last id. Returns the entries dropped, or -1.
 */
const DROP_THROUGH = `
local last = ARGV[1]
if #redis.call('XRANGE', KEYS[1], last, last) == 0 then return -1 end
local trimmed = redis.pcall('XTRIM', KEYS[1], 'MINID', last)
if type(trimmed) ~= 'number' then return -1 end
return trimmed + redis.call('XDEL', KEYS[1], last)
`;

/**
 * Moves the audit stream into the SQL audit log in batches: XRANGE, one INSERT … ON CONFLICT DO
 * NOTHING, then the batch leaves the stream (DROP_THROUGH). Row ids come from the entries
 * (audit-stream-entry.ts), so a crash between the insert and the drop, or two servers moving at
 * once, never doubles a row. While SQL is down the
 * entries stay in the stream and land on a later move. Starts with a move, so a restarted server
 * picks up what a killed one left. Kicked and periodic moves take a lease first (SET NX PX), so one
 * instance at a time moves the shared stream; a server that finds it held tries again shortly,
 * and the holder's loop takes every entry there is until the stream is empty.
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
  const leaseKey = `${streamKey}:mover`;
  const leaseToken = randomUUID();
  const client = redis as Redis & {
    twostepReleaseAuditLease(key: string, token: string): Promise<number>;
    twostepDropAuditThrough(key: string, lastId: string): Promise<number>;
  };
  if (typeof client.twostepReleaseAuditLease !== "function") {
    redis.defineCommand("twostepReleaseAuditLease", { numberOfKeys: 1, lua: RELEASE_IF_OURS });
  }
  if (typeof client.twostepDropAuditThrough !== "function") {
    redis.defineCommand("twostepDropAuditThrough", { numberOfKeys: 1, lua: DROP_THROUGH });
  }

  /** A kicked move: only while this server holds the lease; null when another one does. */
  async function moveHoldingLease(): Promise<number | null> {
    if ((await redis.set(leaseKey, leaseToken, "PX", AUDIT_MOVE_LEASE_MS, "NX")) !== "OK") return null;
    try {
      return await moveAll();
    } finally {
      await client.twostepReleaseAuditLease(leaseKey, leaseToken).catch(() => 0);
    }
  }

  async function moveBatch(): Promise<number> {
    const entries = (await redis.xrange(streamKey, "-", "+", "COUNT", BATCH_ENTRIES)) as AuditStreamEntry[];
    if (entries.length === 0) return 0;
    const rows = entries.flatMap((entry) => auditRowsOf(streamKey, entry));
    if (rows.length > 0) await target.insertOnce(rows);
    if ((await client.twostepDropAuditThrough(streamKey, entries.at(-1)![0])) < 0) {
      await redis.xdel(streamKey, ...entries.map(([id]) => id));
    }
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

  /**
   * One move at a time per process; a kick during a move asks for one more after it. A kicked
   * move that finds the lease held asks for one more too: the holder may have read the stream
   * before this server's entry was appended.
   */
  function move(leased: boolean): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    const work = leased
      ? moveHoldingLease().then((moved) => {
          if (moved === null) again = true;
          return moved ?? 0;
        })
      : moveAll();
    running = work.finally(() => {
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
    move(true).then(
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
    // Unleased: moves whatever another server is doing (rows are written once either way).
    moveNow: async () => {
      if (running) await running.catch(() => 0);
      return move(false);
    },
    async caughtUp(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      const [newest] = (await redis.xrevrange(streamKey, "+", "-", "COUNT", 1)) as AuditStreamEntry[];
      if (!newest) return true;
      for (;;) {
        kick();
        const [oldest] = (await redis.xrange(streamKey, "-", "+", "COUNT", 1)) as AuditStreamEntry[];
        // Every entry up to the newest one of the call is gone: later entries have higher ids.
        if (!oldest || streamIdAfter(oldest[0], newest[0])) return true;
        if (Date.now() >= deadline || closed) return false;
        await new Promise((resolve) => setTimeout(resolve, AUDIT_MOVE_GAP_MS));
      }
    },
    async close() {
      closed = true;
      clearInterval(timer);
      if (pendingKick) clearTimeout(pendingKick);
      await running?.catch(() => 0);
    },
  };
}
