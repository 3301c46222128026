/**
 * Thrown by an outbox deliverer (`createOutboxPump`'s `deliver`) when an entry can never be
 * delivered: a recipient the mail server rejects for good (a 5xx to RCPT TO), a webhook receiver
 * that refuses the event with a 4xx. The pump drops the entry at once with a warning log instead
 * of retrying it for hours. Its message goes to that log (digit runs scrubbed): keep addresses out.
 *
 * The pump reads the `permanent: true` field, not the class, so an error from another copy of the
 * package, or any error a sender marks with `permanent: true`, counts as well.
 */
export class PermanentDeliveryError extends Error {
  readonly permanent = true as const;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PermanentDeliveryError";
  }
}

/** True for an error that says retrying can't help: `{ permanent: true }` (PermanentDeliveryError). */
export function isPermanentDeliveryError(error: unknown): error is { permanent: true } {
  return typeof error === "object" && error !== null && (error as { permanent?: unknown }).permanent === true;
}
