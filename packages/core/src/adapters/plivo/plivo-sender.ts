import { Client } from "plivo";
import type { Logger } from "../../log/logger.js";
import { maskPhone } from "../../phone/mask-phone.js";
import type { SendFailureReason, SmsSender } from "../../ports/sms-sender.js";

/**
 * Sends through the official Plivo SDK. The SDK itself never retries Message requests (its retry
 * wrapper is for voice only), so retries live here and are limited to failures where Plivo has
 * not accepted the message: a 4xx is never retried, because that would be a second SMS at best
 * and a lockout of our account by Plivo at worst. Nor is a request that went out without an
 * answer (a timeout, a connection cut after sending): Plivo may have queued it, and a retry would
 * text the user twice and spend past the budgets. Only a request that provably never reached
 * Plivo (connection refused, name not resolved, host unreachable) and a 5xx are retried.
 */
const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_RETRIES = 2;
const BACKOFF_BASE_MS = 200; // 200 ms, 400 ms, ...: short, since a user is waiting for the code

const PLIVO_API_URL = "https://api.plivo.com";

export type PlivoSenderOptions = {
  authId: string;
  authToken: string;
  /** E.164 sender number (Plivo's `src`). */
  from: string;
  /** Base of Plivo's API; a fake server's URL in tests. Default "https://api.plivo.com". */
  apiUrl?: string;
  timeoutMs?: number;
  maxRetries?: number;
  /** Where Plivo POSTs delivery reports for each message. */
  statusCallbackUrl?: string;
  logger: Logger;
};

type Attempt =
  | { ok: true; providerMessageId: string }
  | { ok: false; reason: SendFailureReason; retryable: boolean; detail: string };

export function createPlivoSender(options: PlivoSenderOptions): SmsSender {
  // The SDK silently falls back to PLIVO_AUTH_ID/PLIVO_AUTH_TOKEN on empty values; config must win.
  if (!options.authId || !options.authToken) throw new Error("createPlivoSender: authId and authToken are required");
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
  const client = new Client(options.authId, options.authToken, {
    url: `${(options.apiUrl ?? PLIVO_API_URL).replace(/\/+$/, "")}/v1/Account/${encodeURIComponent(options.authId)}`,
    timeout: timeoutMs,
  });
  const callback = options.statusCallbackUrl ? { url: options.statusCallbackUrl, method: "POST" } : {};

  async function attemptOnce(to: string, body: string): Promise<Attempt> {
    try {
      // A fresh object each time: the SDK writes src, dst and text (the code) into the one it gets.
      const request = client.messages.create(options.from, to, body, { ...callback });
      // Axios's timeout is per socket inactivity; this caps the whole exchange for the waiting user.
      const response = await withDeadline(request, timeoutMs + 50);
      const uuid = Array.isArray(response?.messageUuid) ? response.messageUuid[0] : undefined;
      // Plivo answered 2xx, so it may well have queued the message: never retry this one.
      if (typeof uuid !== "string" || !uuid) return failure("PROVIDER_ERROR", false, "2xx without message_uuid");
      return { ok: true, providerMessageId: uuid };
    } catch (error) {
      return classify(error);
    }
  }

  return {
    provider: "plivo",
    async send(message) {
      const context = { phoneMasked: maskPhone(message.to), messageId: message.messageId };
      for (let attempt = 1; ; attempt++) {
        const started = Date.now();
        const outcome = await attemptOnce(message.to, message.body);
        const durationMs = Date.now() - started;
        if (outcome.ok) {
          const { providerMessageId } = outcome;
          options.logger.info({ ...context, attempt, durationMs, providerMessageId }, "SMS accepted by Plivo");
          return { ok: true, providerMessageId, status: "queued" };
        }
        const willRetry = outcome.retryable && attempt <= maxRetries;
        const { reason, detail } = outcome;
        // Refused credentials, and a country the account may not send to, need an operator, not a retry: make them stand out.
        const level = reason === "AUTH_FAILED" || reason === "DESTINATION_NOT_PERMITTED" ? "error" : "warn";
        const said =
          reason === "DESTINATION_NOT_PERMITTED"
            ? "Plivo refused the destination's country (geo permissions); allow it in the Plivo console or drop it from SMS_ALLOWED_COUNTRIES"
            : reason === "UNKNOWN_OUTCOME"
              ? "Plivo send attempt got no answer; the SMS may have been queued, not retrying"
              : "Plivo send attempt failed";
        options.logger[level]({ ...context, attempt, durationMs, reason, detail, willRetry }, said);
        if (!willRetry) return { ok: false, reason, detail };
        await sleep(BACKOFF_BASE_MS * 2 ** (attempt - 1));
      }
    },
  };
}

/**
 * How the SDK (4.79) rejects: a PlivoRestError with a numeric `status` for 400/401/403/404/405/
 * 406/409/422/500 (and any 5xx with a non-JSON body); a plain Error whose message is axios's
 * "Request failed with status code N" for other statuses (429, JSON 502/503/504); and a bare
 * string (axios's stack) when no HTTP answer came at all. The errors' `moreInfo` holds the request
 * body, i.e. the code, so they are never logged or returned whole.
 */
function classify(error: unknown): Attempt {
  if (typeof error === "string") {
    const line = firstLine(error);
    // No connection was made, so no byte of the request left: Plivo has nothing to send.
    if (NEVER_CONNECTED.test(line)) return failure("NETWORK_ERROR", true, line);
    // Anything else (axios's timeout, "socket hang up", a reset) may come after Plivo read it all.
    return failure("UNKNOWN_OUTCOME", false, line);
  }
  if (error instanceof DeadlineError) return failure("UNKNOWN_OUTCOME", false, error.message);
  const status = statusOf(error);
  if (status === undefined) return failure("PROVIDER_ERROR", false, "unexpected SDK error");
  const detail = `HTTP ${status}`;
  // A 403 to POST /Message/ (the only request made here) is what the SDK calls GeoPermissionError:
  // the account's geo permissions exclude this destination's country. About the destination, not
  // our credentials (those are a 401). The SDK's error classes lose their prototype (compiled
  // `extends Error`), so the status is all there is to go by.
  if (status === 403) return failure("DESTINATION_NOT_PERMITTED", false, `${detail} (geo permissions)`);
  if (status === 400) return failure("INVALID_DESTINATION", false, detail);
  if (status === 401) return failure("AUTH_FAILED", false, detail);
  if (status === 429) return failure("PROVIDER_RATE_LIMITED", false, detail);
  if (status >= 500) return failure("PROVIDER_ERROR", true, detail);
  return failure("PROVIDER_ERROR", false, detail);
}

/** Node's errors for a connection never made: refused, name not resolved, no route, connect timed out. */
const NEVER_CONNECTED = /\b(?:connect (?:ECONNREFUSED|ENETUNREACH|EHOSTUNREACH|ETIMEDOUT)|getaddrinfo (?:ENOTFOUND|EAI_AGAIN))\b/;

function statusOf(error: unknown): number | undefined {
  if (!(error instanceof Error)) return undefined;
  const status = (error as { status?: unknown }).status;
  if (typeof status === "number") return status;
  const match = /status code (\d{3})\b/.exec(error.message);
  return match ? Number(match[1]) : undefined;
}

function failure(reason: SendFailureReason, retryable: boolean, detail: string): Attempt {
  return { ok: false, reason, retryable, detail };
}

/** The first line of axios's stack names the failure ("timeout of 300ms exceeded", "socket hang up"). */
function firstLine(text: string): string {
  return (text.split("\n", 1)[0] ?? "").slice(0, 200);
}

class DeadlineError extends Error {}

function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
