import type { Limiter, LimiterFactory } from "../../ports/limiter.js";
import type { Logger } from "../../log/logger.js";
import { StoreUnavailableError } from "../../ports/challenge-store.js";
import { parseDeliveryReport, type AdvanceOutcome } from "../../sms/delivery-status.js";
import { verifyPlivoV2 } from "./plivo-signature.js";
import type { SmsLog } from "../../ports/sms-log.js";

/**
 * How long a callback nonce is remembered. Plivo's V2 signature has no timestamp, so a captured
 * signature is refused only while its nonce is remembered; Plivo's own callback retries end well
 * within a day. Cost: one limiter key per callback (two or three per SMS) for this long.
 */
export const CALLBACK_NONCE_MEMORY_SECONDS = 24 * 60 * 60;

/** Plivo's nonces are ~20 digits; the bound keeps junk out of limiter keys. */
const NONCE = /^[A-Za-z0-9_-]{8,128}$/;
/** A Plivo SMS report is well under 1 KiB; the route reads no more than this. */
export const MAX_CALLBACK_BODY_BYTES = 8 * 1024;

export type StatusCallbackRequest = {
  signature: string | null;
  nonce: string | null;
  contentType: string | null;
  /** Reads the body, or null when it is larger than MAX_CALLBACK_BODY_BYTES. Called only once signed. */
  readBody(): Promise<string | null>;
};

export type StatusCallbackOutcome =
  /** Signed and well formed. The status moved on, or was already as far (or further), or the id is ours to not know. */
  | { ok: true; result: AdvanceOutcome | "replayed" }
  | { ok: false; problem: "BAD_SIGNATURE" | "MALFORMED" | "UNAVAILABLE" };

export type StatusCallbackHandler = (request: StatusCallbackRequest) => Promise<StatusCallbackOutcome>;

/**
 * Plivo's delivery reports for our messages. The order matters: the signature is checked from
 * headers alone, so an unsigned request never has its body read; then the nonce is spent, so a
 * replayed signature never gets to say anything; only then is the body parsed and applied.
 */
export function createStatusCallbackHandler(deps: {
  authToken: string;
  /**
   * OUR public callback URL (APP_ORIGIN + path), the one each send names. Plivo signs the URL it
   * called; behind a reverse proxy the Host header and scheme this server sees are often not that
   * URL (rewritten to an internal name, or http behind TLS termination), and a client can send
   * any Host it likes. Signing our configured URL is both what Plivo signed and not client input.
   */
  callbackUrl: string;
  smsLog: Pick<SmsLog, "advanceStatus">;
  limiter: LimiterFactory;
  logger: Logger;
}): StatusCallbackHandler {
  const seenNonces: Limiter = deps.limiter({ name: "sms:callback-nonce", points: 1, durationSeconds: CALLBACK_NONCE_MEMORY_SECONDS });

  return async (request) => {
    const { signature, nonce } = request;
    if (!signature || !nonce || !NONCE.test(nonce)) return refuse("missing signature or nonce");
    if (!verifyPlivoV2({ authToken: deps.authToken, url: deps.callbackUrl, nonce, signature })) {
      return refuse("signature does not match");
    }

    // V2 signs the URL and nonce only, so a captured signature would carry any body: each nonce
    // works once. A replay (or Plivo retrying a report we already took) gets a 200 and changes nothing.
    try {
      const first = await seenNonces.consume(nonce);
      if (!first.allowed) {
        deps.logger.info("SMS status callback replayed; ignored");
        return { ok: true, result: "replayed" };
      }
    } catch (error) {
      // Can't tell a replay from a first delivery: refuse, and Plivo retries later.
      deps.logger.warn({ err: error }, "SMS status callback nonce store unavailable");
      return { ok: false, problem: "UNAVAILABLE" };
    }

    const contentType = request.contentType?.split(";", 1)[0]?.trim().toLowerCase();
    const body = contentType === "application/x-www-form-urlencoded" ? await request.readBody() : null;
    const report = body === null ? null : parseDeliveryReport(new URLSearchParams(body));
    if (!report) {
      deps.logger.warn("SMS status callback malformed");
      return { ok: false, problem: "MALFORMED" };
    }

    try {
      const result = await deps.smsLog.advanceStatus(report);
      deps.logger.info({ providerMessageId: report.providerMessageId, status: report.status, errorCode: report.errorCode, result }, "SMS status report");
      return { ok: true, result };
    } catch (error) {
      // Give the nonce back, so Plivo's retry of this very report is not taken for a replay.
      await seenNonces.refund(nonce).catch(() => {});
      const level = error instanceof StoreUnavailableError ? "warn" : "error";
      deps.logger[level]({ err: error }, "SMS status report could not be stored");
      return { ok: false, problem: "UNAVAILABLE" };
    }
  };

  function refuse(why: string): StatusCallbackOutcome {
    deps.logger.warn({ why }, "SMS status callback refused");
    return { ok: false, problem: "BAD_SIGNATURE" };
  }
}
