import type { ChallengeStatus } from "@/core/challenge/challenge-service";

/** What a form needs to know of a live code: where it went and when another may be sent. */
export type PendingCode = { phoneLastDigits: string; resendAvailableInSeconds: number; codeKey: string };

export function toPendingCode(status: ChallengeStatus): PendingCode {
  return {
    phoneLastDigits: status.phoneLastDigits,
    resendAvailableInSeconds: status.resendAvailableInSeconds,
    // A new code has a new expiry: the countdown restarts when this changes.
    codeKey: status.expiresAt.toISOString(),
  };
}
