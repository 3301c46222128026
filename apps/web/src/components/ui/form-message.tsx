"use client";

import { useEffect } from "react";
import type { FormState } from "@/server/actions/form-state";
import { SessionEndedMessage } from "../session/session-ended-message";

/**
 * The outcome of the last submit, kept next to the form (the toast goes away; this stays).
 * Not a live region: the toast already announces it, so screen readers hear it once. A new error
 * takes the focus (it is focusable for that), so after a failed submit the reader lands on why,
 * not on the page body.
 */
export function FormMessage({ state, id }: { state: FormState<unknown>; id: string }) {
  const answer = state.status === "idle" ? null : state.id;
  const error = state.status === "error";
  useEffect(() => {
    if (answer && error) (document.getElementById(id) as HTMLElement | null)?.focus();
  }, [answer, error, id]);
  if (state.status === "idle") return <p id={id} hidden />;
  if (state.status === "error" && state.code === "SESSION_ENDED") return <SessionEndedMessage id={id} message={state.message} answerId={state.id} />;
  return (
    <p
      id={id}
      tabIndex={error ? -1 : undefined}
      data-code={error ? state.code : undefined}
      data-answer={state.id}
      className={`rounded-lg px-3 py-2 text-sm focus:outline-none ${error ? "bg-rose-50 text-rose-800 ring-1 ring-rose-200" : "bg-emerald-50 text-emerald-800 ring-1 ring-emerald-200"}`}
    >
      {state.message}
    </p>
  );
}
