import { randomUUID } from "node:crypto";
import { describeFailure } from "@twostep/core";
import type { ErrorCode } from "@twostep/core";

/**
 * What every form action hands back to its `useActionState` form. `id` is new on every answer,
 * so the same message twice in a row still raises a toast; `code` lets the UI (and tests) react
 * to the outcome without parsing text.
 */
export type FormState<Data = undefined> =
  | { status: "idle" }
  | {
      status: "error";
      id: string;
      code: FormErrorCode;
      message: string;
      field?: string;
      values?: Record<string, string>;
      /** From a lock or a limit: the page counts it down and keeps what can't work disabled. */
      retryAfterSeconds?: number;
      /** The code page: this answer ended the live code, and the page shows so without a re-render. */
      codeEnded?: CodeEnd;
    }
  | { status: "success"; id: string; message: string; data?: Data };

/** How a code stopped being usable: its last guess was spent, or it expired. */
export type CodeEnd = "dead" | "expired";

/**
 * The core's codes, and one of this app's own: SESSION_ENDED, when the session the form was
 * opened under is gone (the pending window ran out, or the user signed out in another tab).
 */
export type FormErrorCode = ErrorCode | "SESSION_ENDED";

/** `field` names the input at fault, only where the core says that is safe (sign-up). */
type CoreFailure = { code: ErrorCode; attemptsLeft?: number; retryAfterSeconds?: number; field?: string; lastFactor?: boolean };

/** A core failure in the words of src/core/messages.ts; `values` refill fields that are safe to echo. */
export function failed(failure: CoreFailure, values?: Record<string, string>): Extract<FormState<never>, { status: "error" }> {
  const { code, field, retryAfterSeconds } = failure;
  return { status: "error", id: randomUUID(), code, message: describeFailure(failure), field, values, retryAfterSeconds };
}

export function succeeded<Data = undefined>(message: string, data?: Data): FormState<Data> {
  return { status: "success", id: randomUUID(), message, data };
}

/**
 * An action whose session is gone answers this instead of redirecting: the page stays, says what
 * happened, and offers to sign in again (the form knows the email; see session-ended-message.tsx).
 */
export function sessionEnded(stage: "pending" | "full"): FormState<never> {
  const message = stage === "pending" ? "Your sign-in timed out. Sign in again." : "You are signed out (perhaps in another tab). Sign in again.";
  return { status: "error", id: randomUUID(), code: "SESSION_ENDED", message };
}
