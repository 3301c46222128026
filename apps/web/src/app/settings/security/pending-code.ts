import type { CodeState } from "@twostep/core";

/**
 * What a form needs to know of a live code: where it went, when another may be sent, and
 * whether the provider reported that the SMS won't arrive.
 */
export type PendingCode = {
  phoneLastDigits: string;
  resendAvailableInSeconds: number;
  codeKey: string;
  undelivered: boolean;
  /** The provider's latest report on the SMS (queued, sent, delivered, …); null before any. */
  delivery: string | null;
};

export function toPendingCode(status: CodeState): PendingCode {
  return {
    phoneLastDigits: status.phoneLastDigits,
    resendAvailableInSeconds: status.resendAvailableInSeconds,
    undelivered: status.undelivered,
    delivery: status.delivery?.status ?? null,
    // A new code has a new expiry: the countdown restarts when this changes.
    codeKey: status.expiresAt.toISOString(),
  };
}
