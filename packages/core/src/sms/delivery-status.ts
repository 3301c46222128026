/**
 * Delivery reports: the statuses a provider reports for one SMS, and the only order they may
 * move in. Reports arrive late, twice, and out of order (Plivo retries callbacks, and "sent" can
 * overtake "delivered" on the way to us), so the stored status only ever moves forward.
 */
export const DELIVERY_STATUSES = ["queued", "sent", "delivered", "undelivered", "failed", "rejected"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * queued < sent < any final status. All final statuses share one rank, so the FIRST final status
 * wins: a message has one fate, a second different final report is either a carrier correction
 * (rare, and the user already has or lacks the code by then) or a forged request, and letting the
 * first one stand keeps every later report a no-op. sms-log.ts compares these ranks in SQL.
 */
export const DELIVERY_STATUS_RANK: Readonly<Record<DeliveryStatus, number>> = {
  queued: 0,
  sent: 1,
  delivered: 2,
  undelivered: 2,
  failed: 2,
  rejected: 2,
};

/** Final statuses that mean the code did not reach the phone: the code page says so. */
const PROBLEM_STATUSES: ReadonlySet<string> = new Set(["undelivered", "failed", "rejected"]);

export function isDeliveryStatus(value: unknown): value is DeliveryStatus {
  return typeof value === "string" && (DELIVERY_STATUSES as readonly string[]).includes(value);
}

/** True when the provider said the SMS won't arrive (show deliveryProblemMessage from messages.ts). */
export function isDeliveryProblem(status: string | null | undefined): boolean {
  return typeof status === "string" && PROBLEM_STATUSES.has(status);
}

/** One status report for one message, as the SMS log applies it. */
export type DeliveryReport = {
  providerMessageId: string;
  status: DeliveryStatus;
  /** The provider's error code for failed/undelivered messages; null when none was given. */
  errorCode: string | null;
};

/** What applying a report did: moved the status on, found it already as far or further, or found no such message. */
export type AdvanceOutcome = "advanced" | "not_newer" | "unknown_message";

// Plivo's ids are UUIDs and its error codes short numbers; the bounds only keep junk out of SQL and logs.
const MESSAGE_ID = /^[A-Za-z0-9-]{1,64}$/;
const ERROR_CODE = /^[A-Za-z0-9_.-]{1,32}$/;

/**
 * Reads a Plivo message status callback (form fields MessageUUID, Status, ErrorCode, To, From, and
 * others we ignore). Returns null for anything that is not a well-formed report.
 */
export function parseDeliveryReport(form: URLSearchParams): DeliveryReport | null {
  const providerMessageId = form.get("MessageUUID");
  const status = form.get("Status")?.trim().toLowerCase();
  const errorCode = form.get("ErrorCode")?.trim() ?? "";
  if (!providerMessageId || !MESSAGE_ID.test(providerMessageId)) return null;
  if (!isDeliveryStatus(status)) return null;
  if (errorCode !== "" && !ERROR_CODE.test(errorCode)) return null;
  return { providerMessageId, status, errorCode: errorCode === "" ? null : errorCode };
}
