import { randomUUID } from "node:crypto";
import type { Logger } from "../log/logger.js";
import type { EventOutbox, OutboxEntry } from "../ports/event-outbox.js";
import { isPermanentDeliveryError } from "./delivery-failure.js";

/**
 * What a deliverer reports for one entry. true: taken (the entry is deleted). false: not taken,
 * retried after its own backoff; the pump goes on with the next due entry. "unavailable": not
 * taken because the receiver as a whole is down or refusing everyone (connection refused, timed
 * out, 503): retried after its backoff, and the pump tries nothing more until its next look (the
 * others keep their own due times and tries). A throw counts as false, except an error with
 * `permanent: true` (PermanentDeliveryError): that entry is dropped at once, with a warning.
 */
export type DeliveryResult = boolean | "unavailable";

export type OutboxPumpOptions = {
  /** Names the channel in logs ("security webhook", "security notices"). */
  name: string;
  outbox: EventOutbox;
  /**
   * Hands one entry on (see DeliveryResult). The pump gives up on a try after `timeoutMs`, aborts
   * `signal` then, and counts the try as the receiver being down; each entry is claimed for twice that.
   */
  deliver(entry: OutboxEntry, signal: AbortSignal): Promise<DeliveryResult>;
  timeoutMs: number;
  /** Tries per entry before it is dropped (and logged). */
  attempts: number;
  /** The wait after the first failed try, doubling each time up to maxRetryMs. */
  firstRetryMs: number;
  maxRetryMs: number;
  /**
   * How often an idle instance looks for due entries (others' too, and its own after a restart).
   * A retry this instance scheduled is tried when it is due, not at the next look.
   */
  pollMs: number;
  logger: Logger;
  now?: () => number;
};

type Outcome = { kind: "delivered" } | { kind: "failed" | "unavailable" | "timeout" | "permanent"; error?: unknown };

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
  /**
   * Stops delivering, and resolves once the delivery under way (at most one, cut off at
   * `timeoutMs`) has its outcome recorded: closed before the outbox's database, a delivered entry is
   * not left claimed, to be sent a second time when its lease runs out. What waits in a SQL outbox
   * stays there for the next start.
   */
  close(): Promise<void>;
};

/**
 * Delivery off the request path, shared by the signed webhook and the mail notices: each body is
 * first written to the outbox; a pump hands on what is due, oldest first, one entry per claim (so
 * the claim's lease covers that one delivery, and a try is cut off at `timeoutMs`). An entry that
 * was not taken is due again after its own growing wait (1 s, 2 s, 4 s … up to the cap), until its
 * last try; one the receiver refused for good is dropped at once. Only a receiver that is down as a
 * whole ends the round early. Any instance may deliver what another one wrote.
 */
export function createOutboxPump(options: OutboxPumpOptions): OutboxPump {
  const now = options.now ?? Date.now;
  const { outbox, logger, name } = options;
  const leaseMs = options.timeoutMs * 2;
  let closed = false;
  let pumping: Promise<void> | null = null;
  let again = false;

  /** One try, cut off at timeoutMs (the signal is aborted then; a deliverer that ignores it is no longer waited for). */
  async function attempt(entry: OutboxEntry): Promise<Outcome> {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<Outcome>((resolve) => {
      timer = setTimeout(() => {
        resolve({ kind: "timeout" });
        controller.abort(new Error(`${name}: the try took longer than ${options.timeoutMs} ms`));
      }, options.timeoutMs);
    });
    const tried = (async (): Promise<Outcome> => {
      try {
        const result = await options.deliver(entry, controller.signal);
        if (result === true) return { kind: "delivered" };
        return { kind: result === "unavailable" ? "unavailable" : "failed" };
      } catch (error) {
        return { kind: isPermanentDeliveryError(error) ? "permanent" : "failed", error };
      }
    })();
    try {
      return await Promise.race([tried, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Delivers what is due, one claimed entry at a time, until none is due or the receiver is down. */
  async function pumpOnce(): Promise<void> {
    while (!closed) {
      const claimedAtMs = now();
      // One entry per claim: a batch leased together would outlive its lease behind a slow receiver,
      // and another instance would claim its tail and deliver it a second time.
      const [entry] = await outbox.claimDue(claimedAtMs, leaseMs, 1);
      if (!entry || closed) return;
      const outcome = await attempt(entry);
      if (outcome.kind === "delivered") {
        await outbox.delivered(entry.id);
        continue;
      }
      const tries = entry.attempts + 1;
      if (outcome.kind === "permanent") {
        await outbox.drop(entry.id);
        logger.warn({ eventId: entry.id, attempt: tries, err: outcome.error }, `${name}: refused for good, event dropped without retrying`);
        continue;
      }
      const receiverDown = outcome.kind === "unavailable" || outcome.kind === "timeout";
      if (tries >= options.attempts) {
        await outbox.drop(entry.id);
        logger.error({ eventId: entry.id, attempts: options.attempts }, `${name}: event dropped after its last try`);
      } else {
        const waitMs = Math.min(options.maxRetryMs, options.firstRetryMs * 2 ** (tries - 1));
        // A try cut off at its limit may still be running in a deliverer that ignores the signal:
        // not due again before its claim runs out.
        const retryAtMs = outcome.kind === "timeout" ? Math.max(now() + waitMs, claimedAtMs + leaseMs) : now() + waitMs;
        await outbox.retryAt(entry.id, tries, retryAtMs);
        wakeAt(retryAtMs);
        const fields = { eventId: entry.id, attempt: tries, retryInMs: retryAtMs - now(), ...(outcome.error === undefined ? {} : { err: outcome.error }) };
        if (receiverDown) logger.warn(fields, `${name}: receiver unreachable, will retry`);
        else logger.warn(fields, `${name}: event not taken, will retry`);
      }
      // The receiver is down as a whole: the rest wait for the next look (their due times and tries
      // untouched) rather than failing one by one. Any other failure is this entry's alone.
      if (receiverDown) return;
    }
  }

  // Retries this instance scheduled, so each is tried when due rather than at the next idle look.
  const retriesDue: number[] = [];
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let retryTimerAtMs = Infinity;
  function wakeAt(atMs: number): void {
    retriesDue.push(atMs);
    armRetryTimer();
  }
  function armRetryTimer(): void {
    if (closed || retriesDue.length === 0) return;
    const earliest = retriesDue.reduce((a, b) => Math.min(a, b), Infinity);
    if (earliest >= retryTimerAtMs) return;
    if (retryTimer) clearTimeout(retryTimer);
    retryTimerAtMs = earliest;
    retryTimer = setTimeout(() => {
      const passed = Math.max(now(), retryTimerAtMs);
      retryTimer = null;
      retryTimerAtMs = Infinity;
      for (let i = retriesDue.length - 1; i >= 0; i--) if (retriesDue[i]! <= passed) retriesDue.splice(i, 1);
      pump();
      armRetryTimer();
    }, Math.max(0, earliest - now()) + 1); // +1: a timer may fire a millisecond early by the wall clock
    retryTimer.unref();
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
      })
      .finally(() => {
        pumping = null;
        if (again) {
          again = false;
          pump();
        }
      });
  }

  // The idle look is pollMs (5 s by default, decisions 009 and 012); retries keep their own timers.
  const poller = setInterval(pump, options.pollMs);
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
        await new Promise((resolve) => setTimeout(resolve, Math.min(options.pollMs, 100)));
      }
    },
    async close() {
      closed = true;
      clearInterval(poller);
      if (retryTimer) clearTimeout(retryTimer);
      await pumping;
    },
  };
}
