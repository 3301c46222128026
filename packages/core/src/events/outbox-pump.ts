import { randomUUID } from "node:crypto";
import type { Logger } from "../log/logger.js";
import type { EventOutbox, OutboxEntry } from "../ports/event-outbox.js";

/** Entries claimed per look. */
const CLAIM_BATCH = 20;

export type OutboxPumpOptions = {
  /** Names the channel in logs ("security webhook", "security notices"). */
  name: string;
  outbox: EventOutbox;
  /**
   * Hands one entry on; true when it was taken (delete it), false when it was not (retry later).
   * Must give up within `timeoutMs`: a claim is leased for twice that.
   */
  deliver(entry: OutboxEntry): Promise<boolean>;
  timeoutMs: number;
  /** Tries per entry before it is dropped (and logged). */
  attempts: number;
  /** The wait after the first failed try, doubling each time up to maxRetryMs. */
  firstRetryMs: number;
  maxRetryMs: number;
  /** How often an instance looks for due entries (others' too, and its own after a restart). */
  pollMs: number;
  logger: Logger;
  now?: () => number;
};

export type OutboxPump = {
  /**
   * Writes an entry to the outbox (the request path's only cost); delivering it runs later.
   * `bodyFor` gets the entry's id (a webhook sends it along so a receiver can drop a second delivery).
   */
  enqueue(bodyFor: (id: string) => string): Promise<void>;
  /** Looks for due entries now: one was written past `enqueue` (a one-step check queued it). */
  wake(): void;
  /** Resolves when nothing is queued (tests, shutdown). */
  idle(): Promise<void>;
  /** Stops delivering; what waits in a SQL outbox stays there for the next start. */
  close(): void;
};

/**
 * Delivery off the request path, shared by the signed webhook and the mail notices: each body is
 * first written to the outbox; a pump hands on what is due, oldest first, and an entry that was
 * not taken (receiver down, refused, too slow) is due again after a growing wait (1 s, 2 s, 4 s …
 * up to the cap), until its last try. Any instance may deliver what another one wrote.
 */
export function createOutboxPump(options: OutboxPumpOptions): OutboxPump {
  const now = options.now ?? Date.now;
  const { outbox, logger, name } = options;
  let closed = false;
  let pumping: Promise<boolean> | null = null;
  let again = false;

  /** Delivers what is due; true when a delivery failed (something waits for a retry). */
  async function pumpOnce(): Promise<boolean> {
    let failed = false;
    for (;;) {
      const due = await outbox.claimDue(now(), options.timeoutMs * 2, CLAIM_BATCH);
      if (due.length === 0 || closed) return failed;
      for (const [i, entry] of due.entries()) {
        if (await options.deliver(entry)) {
          await outbox.delivered(entry.id);
          continue;
        }
        failed = true;
        const tries = entry.attempts + 1;
        if (tries >= options.attempts) {
          await outbox.drop(entry.id);
          logger.error({ eventId: entry.id, attempts: options.attempts }, `${name}: event dropped after its last try`);
          continue;
        }
        const waitMs = Math.min(options.maxRetryMs, options.firstRetryMs * 2 ** (tries - 1));
        logger.warn({ eventId: entry.id, attempt: tries, retryInMs: waitMs }, `${name}: receiver unreachable, will retry`);
        await outbox.retryAt(entry.id, tries, now() + waitMs);
        // The receiver is down: the rest of the batch waits with it rather than failing one by one.
        for (const rest of due.slice(i + 1)) await outbox.retryAt(rest.id, rest.attempts, now() + waitMs);
        return true;
      }
    }
  }

  function pump(): void {
    if (closed) return;
    if (pumping) {
      again = true;
      return;
    }
    pumping = pumpOnce()
      .catch((error: unknown) => {
        logger.error({ err: error }, `${name}: outbox unavailable, will look again`);
        return true;
      })
      .finally(() => {
        pumping = null;
        if (again) {
          again = false;
          pump();
        }
      });
  }

  const pollMs = Math.min(options.pollMs, options.firstRetryMs);
  const poller = setInterval(pump, pollMs);
  poller.unref();
  setImmediate(pump); // what an earlier run left in a SQL outbox

  // Entries of one instance are tried oldest first: two in the same millisecond would tie on createdAtMs
  // and leave the order to the database, so each takes a later millisecond than the last.
  let lastCreatedAtMs = 0;
  return {
    async enqueue(bodyFor) {
      if (closed) return;
      const id = randomUUID();
      const nowMs = now();
      lastCreatedAtMs = Math.max(nowMs, lastCreatedAtMs + 1);
      await outbox.add({ id, body: bodyFor(id), nextAttemptAtMs: nowMs, createdAtMs: lastCreatedAtMs });
      setImmediate(pump);
    },
    wake() {
      setImmediate(pump);
    },
    async idle() {
      // Done when the outbox is empty: delivered or given up on, nothing waiting for a retry.
      while (!closed && (await outbox.pending()) > 0) {
        pump();
        await new Promise((resolve) => setTimeout(resolve, Math.min(pollMs, 100)));
      }
    },
    close() {
      closed = true;
      clearInterval(poller);
    },
  };
}
