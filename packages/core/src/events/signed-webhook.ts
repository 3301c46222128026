import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import type { Logger } from "../log/logger.js";
import type { SecurityEvent } from "./security-event-hook.js";

export const WEBHOOK_SIGNATURE_HEADER = "x-twostep-signature";
export const WEBHOOK_TIMESTAMP_HEADER = "x-twostep-timestamp";
/** Delivery tries per event before it is dropped (and logged): 1 s doubling to 5 min covers ~1 h down. */
export const WEBHOOK_ATTEMPTS_DEFAULT = 16;
export const WEBHOOK_FIRST_RETRY_MS_DEFAULT = 1_000;
export const WEBHOOK_MAX_RETRY_MS_DEFAULT = 5 * 60_000;
/** A receiver that holds the request longer counts as down for this try. */
export const WEBHOOK_TIMEOUT_MS = 10_000;
/** Events kept while the receiver is down; beyond it the oldest go (logged), memory stays bounded. */
export const WEBHOOK_QUEUE_MAX = 10_000;

export type SignedWebhookOptions = {
  url: string;
  /** HMAC-SHA256 key the receiver shares: 32+ random characters. */
  secret: string;
  logger: Logger;
  attempts?: number;
  firstRetryMs?: number;
  maxRetryMs?: number;
  now?: () => number;
};

export type SignedWebhook = {
  /** Queues the event and returns at once: delivery runs off the request path. */
  deliver(event: SecurityEvent): void;
  /** Resolves when nothing is queued (tests, shutdown). */
  idle(): Promise<void>;
  /** Stops retrying; queued events are dropped (logged). */
  close(): void;
};

type Queued = { id: string; body: string; attempt: number };

/** `sha256=<hex>` over `<timestamp>.<body>`: the timestamp is signed so an old delivery can't be replayed as new. */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/** For receivers: the signature matches and the timestamp is within `toleranceSeconds` of now. */
export function verifyWebhookSignature(input: { secret: string; timestamp: string; body: string; signature: string; toleranceSeconds?: number; nowMs?: number }): boolean {
  const sent = Number(input.timestamp);
  const nowSeconds = (input.nowMs ?? Date.now()) / 1000;
  if (!Number.isInteger(sent) || Math.abs(nowSeconds - sent) > (input.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signWebhook(input.secret, input.timestamp, input.body));
  const given = Buffer.from(input.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Keys that may never leave in a body, whatever a caller put in `detail`. */
const SECRET_KEYS = /code|otp|secret|password|token/i;
/**
 * Five digits in a row (spaces, dashes, dots and brackets between them ignored) could be a code or
 * a phone number: such a value stays home. Masked numbers ("+1••••••0123") pass.
 */
const mayHoldCodeOrNumber = (value: unknown) => /\d{5,}/.test(JSON.stringify(value ?? null).replace(/(?<=\d)[\s().-]+(?=\d)/g, ""));

/** The body sent: what happened, to whom, when, from where; masked values only. */
export function webhookBody(event: SecurityEvent, id: string): string {
  const detail: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(event.detail ?? {})) {
    if (SECRET_KEYS.test(key) || (typeof value !== "number" && mayHoldCodeOrNumber(value))) continue;
    detail[key] = value;
  }
  return JSON.stringify({ id, type: event.type, userId: event.userId, ip: event.ip ?? null, at: event.at.toISOString(), detail });
}

/**
 * Posts each security event to the host's URL, signed, in order, one at a time. A receiver that is
 * down or answers non-2xx gets the same event again after a growing wait (1 s, 2 s, 4 s … up to
 * 5 min); the queue lives in this process, so events still queued when it stops are lost.
 */
export function createSignedWebhook(options: SignedWebhookOptions): SignedWebhook {
  const now = options.now ?? Date.now;
  const attempts = options.attempts ?? WEBHOOK_ATTEMPTS_DEFAULT;
  const firstRetryMs = options.firstRetryMs ?? WEBHOOK_FIRST_RETRY_MS_DEFAULT;
  const maxRetryMs = options.maxRetryMs ?? WEBHOOK_MAX_RETRY_MS_DEFAULT;
  const queue: Queued[] = [];
  let running = false;
  let closed = false;
  let timer: NodeJS.Timeout | null = null;
  let idleWaiters: (() => void)[] = [];

  const settleIdle = () => {
    if (queue.length > 0 || running || timer) return;
    for (const resolve of idleWaiters) resolve();
    idleWaiters = [];
  };

  async function post(item: Queued): Promise<boolean> {
    const timestamp = String(Math.floor(now() / 1000));
    try {
      const response = await fetch(options.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          [WEBHOOK_TIMESTAMP_HEADER]: timestamp,
          [WEBHOOK_SIGNATURE_HEADER]: signWebhook(options.secret, timestamp, item.body),
          "x-twostep-event-id": item.id,
        },
        body: item.body,
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      });
      await response.body?.cancel().catch(() => undefined);
      return response.ok;
    } catch {
      return false;
    }
  }

  async function drain(): Promise<void> {
    if (running || closed) return;
    running = true;
    try {
      while (queue.length > 0 && !closed) {
        const head = queue[0]!;
        if (await post(head)) {
          queue.shift();
          continue;
        }
        head.attempt += 1;
        if (head.attempt >= attempts) {
          queue.shift();
          options.logger.error({ eventId: head.id, attempts }, "security webhook: event dropped after its last try");
          continue;
        }
        const waitMs = Math.min(maxRetryMs, firstRetryMs * 2 ** (head.attempt - 1));
        options.logger.warn({ eventId: head.id, attempt: head.attempt, retryInMs: waitMs }, "security webhook: receiver unreachable, will retry");
        timer = setTimeout(() => {
          timer = null;
          void drain();
        }, waitMs);
        timer.unref();
        return;
      }
    } finally {
      running = false;
      settleIdle();
    }
  }

  return {
    deliver(event) {
      if (closed) return;
      const id = randomUUID();
      if (queue.length >= WEBHOOK_QUEUE_MAX) {
        const dropped = queue.splice(1, 1)[0];
        options.logger.error({ eventId: dropped?.id }, "security webhook: queue full, oldest waiting event dropped");
      }
      queue.push({ id, body: webhookBody(event, id), attempt: 0 });
      if (!timer) setImmediate(() => void drain());
    },
    idle() {
      if (queue.length === 0 && !running && !timer) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = null;
      if (queue.length > 0) options.logger.warn({ queued: queue.length }, "security webhook: closed with events undelivered");
      queue.length = 0;
      running = false;
      settleIdle();
    },
  };
}
