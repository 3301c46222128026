/**
 * Delivery of one SMS. The core composes the text and decides where it may go; a sender only
 * hands it to a provider (Plivo) or the dev outbox, and reports a checked result.
 */
export type SmsToSend = {
  /** E.164 destination. */
  to: string;
  body: string;
  /** Our own id for the message (sms_messages.id), known before the provider answers. */
  messageId: string;
};

export type SendFailureReason =
  /** The provider says the destination can't take this message (bad or unsupported number). */
  | "INVALID_DESTINATION"
  /** Our credentials were refused: an operator must fix config. */
  | "AUTH_FAILED"
  /** The provider is throttling us. */
  | "PROVIDER_RATE_LIMITED"
  /** The provider failed (5xx) or answered with something we don't understand. */
  | "PROVIDER_ERROR"
  /** The request never reached the provider (connection refused, name not resolved): nothing was sent. */
  | "NETWORK_ERROR"
  /**
   * The request was sent but no answer came (a timeout, a connection cut after sending): the
   * provider may have queued the message, so it is neither retried nor counted as not sent.
   */
  | "UNKNOWN_OUTCOME"
  /**
   * The provider account may not send to this destination's country (Plivo's geo permissions):
   * an operator must allow it there; other destinations still work.
   */
  | "DESTINATION_NOT_PERMITTED"
  /** The provider refused this message by policy (its fraud screen suspects SMS pumping); a retry won't help. */
  | "BLOCKED_BY_PROVIDER";

export type SendResult =
  | {
      ok: true;
      providerMessageId: string;
      status: "queued" | "sent" | "delivered";
      /**
       * Who actually took the message, when a routing sender (test numbers) chose one other than
       * its own `provider`: the outbox keeps the text, a real provider never does.
       */
      provider?: "plivo" | "outbox";
    }
  | { ok: false; reason: SendFailureReason; detail?: string };

export interface SmsSender {
  /** "plivo" or "outbox": recorded with each message. */
  readonly provider: "plivo" | "outbox";
  send(message: SmsToSend): Promise<SendResult>;
}
