"use client";

import { useEffect, useId } from "react";
import type { FormState } from "@/server/actions/form-state";
import { useToast } from "./toaster";

/**
 * Raises a toast for each new action answer (each has a fresh id, so repeats show too). An ended
 * session is not toasted: the form shows it in place, with the way on. A form that shows its
 * errors inline (a FormMessage, which takes the focus) passes `{ errors: false }`, so an error is
 * said once, where it can be acted on; one that shows its success in place passes `{ successes: false }`.
 */
export function useActionToast(state: FormState<unknown>, options: { errors?: boolean; successes?: boolean } = {}): void {
  const errors = options.errors ?? true;
  const successes = options.successes ?? true;
  const show = useToast();
  // One toast per form: a new answer replaces the form's last one instead of piling up.
  const formToast = useId();
  const id = state.status === "idle" ? null : state.id;
  useEffect(() => {
    if (state.status === "idle" || (state.status === "error" && (!errors || state.code === "SESSION_ENDED"))) return;
    if (state.status === "success" && !successes) return;
    show(state.status === "error" ? "error" : "success", state.message, formToast);
    // Keyed on the answer's id only: a re-render with the same answer must not toast again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id]);
}
