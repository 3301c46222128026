import { randomInt } from "node:crypto";
import type { Logger } from "../log/logger.js";
import type { ExpiredData, ExpiredDataCounts } from "../ports/expired-data.js";

/** How often each instance sweeps; expired rows are already dead for every read, so this only bounds how long they stay. */
export const EXPIRED_DATA_SWEEP_MS_DEFAULT = 15 * 60_000;
/** Rows of each kind deleted per statement: short transactions, even after a long pause. */
export const EXPIRED_DATA_BATCH = 500;
/** Statements per sweep at most: a larger backlog waits for the next sweep rather than hold a connection. */
export const EXPIRED_DATA_BATCHES_PER_SWEEP = 20;

export type ExpiredDataSweeperOptions = {
  expired: ExpiredData;
  logger: Logger;
  /** Between two sweeps; the first comes after a random part of it, so instances started together don't sweep together. */
  everyMs?: number;
  now?: () => number;
};

export type ExpiredDataSweeper = {
  /** Sweeps now (operators, tests): batch after batch until a batch finds less than it may take, or the sweep's cap. */
  sweep(): Promise<ExpiredDataCounts>;
  /** Stops the timer and waits for a sweep under way, so the database can close after it. */
  close(): Promise<void>;
};

const NONE: ExpiredDataCounts = { signUpRequests: 0, passwordResets: 0, sessions: 0, trustedDevices: 0, challenges: 0, smsMessages: 0, devMail: 0 };

/**
 * Deletes expired records off the request path, on a timer that never keeps the process alive.
 * A failed sweep is logged and tried again at the next one: nothing reads these rows, so a late
 * sweep costs only the time they stay.
 */
export function startExpiredDataSweeper(options: ExpiredDataSweeperOptions): ExpiredDataSweeper {
  const everyMs = options.everyMs ?? EXPIRED_DATA_SWEEP_MS_DEFAULT;
  const now = options.now ?? Date.now;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running: Promise<ExpiredDataCounts> | null = null;
  let closed = false;

  async function sweepBatches(): Promise<ExpiredDataCounts> {
    const total = { ...NONE };
    for (let i = 0; i < EXPIRED_DATA_BATCHES_PER_SWEEP && !closed; i++) {
      const counts = await options.expired.sweep(now(), EXPIRED_DATA_BATCH);
      for (const kind of Object.keys(total) as (keyof ExpiredDataCounts)[]) total[kind] += counts[kind];
      if (Object.values(counts).every((n) => n < EXPIRED_DATA_BATCH)) break;
    }
    return total;
  }

  function sweep(): Promise<ExpiredDataCounts> {
    // One sweep at a time per instance: a second caller shares the one under way.
    running ??= sweepBatches().finally(() => {
      running = null;
    });
    return running;
  }

  function schedule(delayMs: number) {
    if (closed) return;
    timer = setTimeout(() => {
      timer = null;
      sweep()
        .then((counts) => {
          if (Object.values(counts).some((n) => n > 0)) options.logger.info({ deleted: counts }, "expired records deleted");
        })
        .catch((error: unknown) => options.logger.warn({ err: error }, "expired records: the sweep failed; the next one tries again"))
        .finally(() => schedule(everyMs));
    }, delayMs);
    timer.unref();
  }
  schedule(randomInt(Math.max(1, everyMs)));

  return {
    sweep,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running?.catch(() => undefined);
    },
  };
}
