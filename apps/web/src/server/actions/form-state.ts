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
  | { status: "error"; id: string; code: ErrorCode; message: string; field?: string; values?: Record<string, string> }
  | { status: "success"; id: string; message: string; data?: Data };

/** `field` names the input at fault, only where the core says that is safe (sign-up). */
type CoreFailure = { code: ErrorCode; attemptsLeft?: number; retryAfterSeconds?: number; field?: string };

/** A core failure in the words of src/core/messages.ts; `values` refill fields that are safe to echo. */
export function failed(failure: CoreFailure, values?: Record<string, string>): FormState<never> {
  const { code, field } = failure;
  return { status: "error", id: randomUUID(), code, message: describeFailure(failure), field, values };
}

export function succeeded<Data = undefined>(message: string, data?: Data): FormState<Data> {
  return { status: "success", id: randomUUID(), message, data };
}
