import { describeEnrollmentFailure, describeFailure } from "@twostep/core";
import type { ErrorCode } from "@twostep/core";

/**
 * The tutorial's `MutationResult { success, message }`, plus what a client needs to act without
 * parsing text: the closed error `code`, when to retry, guesses left, and the backup codes that
 * turning 2FA on may issue (shown once).
 */
export type MutationResult = {
  success: boolean;
  message: string | null;
  code: ErrorCode | null;
  retryAfterSeconds: number | null;
  attemptsLeft: number | null;
  backupCodes: string[] | null;
};

type CoreFailure = { ok: false; code: ErrorCode; attemptsLeft?: number; retryAfterSeconds?: number; allowedCountries?: readonly string[] };

export function succeeded(message: string, backupCodes: string[] | null = null): MutationResult {
  return { success: true, message, code: null, retryAfterSeconds: null, attemptsLeft: null, backupCodes };
}

/** A core failure in the words of src/core/messages.ts. Only the known fields are copied out. */
export function failed(failure: CoreFailure): MutationResult {
  return {
    success: false,
    message: describeFailure(failure),
    code: failure.code,
    retryAfterSeconds: failure.retryAfterSeconds ?? null,
    attemptsLeft: failure.attemptsLeft ?? null,
    backupCodes: null,
  };
}

/** failed() for adding or changing a phone: the advice points to another number, never to backup codes. */
export function phoneEntryFailed(failure: CoreFailure): MutationResult {
  return { ...failed(failure), message: describeEnrollmentFailure(failure) };
}

/**
 * failed() for the second step of sign-in: REAUTH_REQUIRED there means the factor passed but the
 * pending session was ended while it was checked (a sign-out, "end other sessions", a password
 * reset), so no full session was opened; the core's wording of that code speaks of phone changes.
 */
export function signInFailed(failure: CoreFailure): MutationResult {
  const result = failed(failure);
  return failure.code === "REAUTH_REQUIRED" ? { ...result, message: SIGN_IN_ENDED } : result;
}

const SIGN_IN_ENDED = "Your sign-in was ended before it finished (a sign-out or password reset). Sign in again.";
