import { createHmac, timingSafeEqual } from "node:crypto";
import type { Logger } from "../log/logger.js";
import type { EventOutbox, OutboxEntry } from "../ports/event-outbox.js";
import type { SecurityEvent } from "./security-event-hook.js";
import { createMemoryEventOutbox } from "./memory-event-outbox.js";
import { PermanentDeliveryError } from "./delivery-failure.js";
import { createOutboxPump, type DeliveryResult } from "./outbox-pump.js";

export const WEBHOOK_SIGNATURE_HEADER = "x-twostep-signature";
export const WEBHOOK_TIMESTAMP_HEADER = "x-twostep-timestamp";
/** Delivery tries per event before it is dropped (and logged): 1 s doubling to 5 min covers ~1 h down. */
export const WEBHOOK_ATTEMPTS_DEFAULT = 16;
export const WEBHOOK_FIRST_RETRY_MS_DEFAULT = 1_000;
export const WEBHOOK_MAX_RETRY_MS_DEFAULT = 5 * 60_000;
/** A receiver that holds the request longer counts as down for this try. */
export const WEBHOOK_TIMEOUT_MS = 10_000;
/** How often an instance looks for due deliveries (others' too, and its own after a restart). */
export const WEBHOOK_POLL_MS_DEFAULT = 5_000;

export type SignedWebhookOptions = {
  url: string;
  /** HMAC-SHA256 key the receiver shares: 32+ random characters. */
  secret: string;
  logger: Logger;
  attempts?: number;
  firstRetryMs?: number;
  maxRetryMs?: number;
  pollMs?: number;
  /** Where deliveries wait: `createSqlEventOutbox` survives restarts and is shared by instances; default in memory. */
  outbox?: EventOutbox;
  now?: () => number;
};

export type SignedWebhook = {
  /** Writes the event to the outbox; posting it runs off the request path. */
  deliver(event: SecurityEvent): Promise<void>;
  /** Resolves when nothing is queued (tests, shutdown). */
  idle(): Promise<void>;
  /** Stops posting; what waits in a SQL outbox stays there for the next start. */
  /** Stops, once the delivery under way is recorded (OutboxPump.close). */
  close(): Promise<void>;
};

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
 * Posts each security event to the host's URL, signed. Each event is first written to the outbox;
 * a pump posts what is due, oldest first, and an event the receiver did not take (down, 5xx, 408,
 * 429, a redirect, too slow) is due again after a growing wait (1 s, 2 s, 4 s … up to 5 min),
 * until its last try; one it refused with another 4xx is dropped at once (and logged).
 */
export function createSignedWebhook(options: SignedWebhookOptions): SignedWebhook {
  const now = options.now ?? Date.now;

  /**
   * One post. 2xx: taken. A redirect is never followed (a 301/302 would turn the post into a bodiless
   * GET that some page answers 200, a 307/308 would send the signed body to whatever host it names):
   * it fails like a receiver that is down, logged with its status and the target's origin only.
   * 4xx other than 408 and 429: the receiver refuses this event, retrying can't help (dropped).
   * 5xx, 408, 429, no answer, or no answer in time: retried.
   */
  async function post(entry: OutboxEntry, signal: AbortSignal): Promise<DeliveryResult> {
    const timestamp = String(Math.floor(now() / 1000));
    let response: Response;
    try {
      response = await fetch(options.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          [WEBHOOK_TIMESTAMP_HEADER]: timestamp,
          [WEBHOOK_SIGNATURE_HEADER]: signWebhook(options.secret, timestamp, entry.body),
          "x-twostep-event-id": entry.id,
        },
        body: entry.body,
        redirect: "manual",
        signal: AbortSignal.any([signal, AbortSignal.timeout(WEBHOOK_TIMEOUT_MS)]),
      });
    } catch {
      return "unavailable"; // refused, reset, unresolvable, or too slow: the receiver, not this event
    }
    await response.body?.cancel().catch(() => undefined);
    const { status } = response;
    if (status >= 200 && status < 300) return true;
    if (status >= 300 && status < 400) {
      options.logger.warn(
        { eventId: entry.id, status, redirectTo: originOf(response.headers.get("location")) },
        "security webhook: the receiver answered with a redirect, which is not followed; set SECURITY_WEBHOOK_URL to the final address",
      );
      return "unavailable";
    }
    if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
      throw new PermanentDeliveryError(`security webhook: the receiver refused the event (HTTP ${status})`);
    }
    // 429 and the gateway/unavailable answers speak for the receiver as a whole; a 500 or 408 may be this event's own.
    return status === 429 || status === 502 || status === 503 || status === 504 ? "unavailable" : false;
  }

  /** Only the scheme, host and port a redirect pointed to: its path and query may hold anything. */
  function originOf(location: string | null): string | null {
    if (!location) return null;
    try {
      return new URL(location, options.url).origin;
    } catch {
      return "(unreadable)";
    }
  }

  const pump = createOutboxPump({
    name: "security webhook",
    outbox: options.outbox ?? createMemoryEventOutbox(),
    deliver: post,
    timeoutMs: WEBHOOK_TIMEOUT_MS,
    attempts: options.attempts ?? WEBHOOK_ATTEMPTS_DEFAULT,
    firstRetryMs: options.firstRetryMs ?? WEBHOOK_FIRST_RETRY_MS_DEFAULT,
    maxRetryMs: options.maxRetryMs ?? WEBHOOK_MAX_RETRY_MS_DEFAULT,
    pollMs: options.pollMs ?? WEBHOOK_POLL_MS_DEFAULT,
    logger: options.logger,
    now,
  });
  return {
    deliver: (event) => pump.enqueue((id) => webhookBody(event, id)),
    idle: () => pump.idle(),
    close: () => pump.close(),
  };
}
