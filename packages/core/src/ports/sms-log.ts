import type { AdvanceOutcome, DeliveryReport } from "../sms/delivery-status.js";

export type SmsRecord = {
  id: string;
  provider: "plivo" | "outbox";
  providerMessageId: string | null;
  toE164: string;
  countryCallingCode: string | null;
  /** Only for the outbox; real sends never keep the text (it holds the code). */
  body: string | null;
  status: string;
  errorCode: string | null;
  challengeId: string | null;
  purpose: string | null;
  userId: string | null;
};

export type OutboxMessage = { to: string; body: string; createdAt: Date };

/** Every SMS we tried to send, and the outbox's copies of the texts. */
export interface SmsLog {
  record(message: SmsRecord): Promise<void>;
  /** The latest known delivery status of the message with this provider id. */
  statusOf(providerMessageId: string): Promise<{ status: string; errorCode: string | null } | null>;
  /**
   * Applies a delivery report: moves the status forward, never back, never from one final status
   * to another (delivery-status.ts). Provider callbacks and simulated test-number outcomes both
   * come through here.
   */
  advanceStatus(report: DeliveryReport): Promise<AdvanceOutcome>;
  /** Outbox messages that reached the (simulated) phone, i.e. status "delivered"; newest first, optionally to one number. */
  outbox(options?: { to?: string; limit?: number }): Promise<OutboxMessage[]>;
}

