import type { FormState } from "@/server/actions/form-state";

/**
 * The outcome of the last submit, kept next to the form (the toast goes away; this stays).
 * Not a live region: the toast already announces it, so screen readers hear it once.
 */
export function FormMessage({ state, id }: { state: FormState<unknown>; id: string }) {
  if (state.status === "idle") return <p id={id} hidden />;
  const error = state.status === "error";
  return (
    <p
      id={id}
      data-code={error ? state.code : undefined}
      data-answer={state.id}
      className={`rounded-lg px-3 py-2 text-sm ${error ? "bg-rose-50 text-rose-800 ring-1 ring-rose-200" : "bg-emerald-50 text-emerald-800 ring-1 ring-emerald-200"}`}
    >
      {state.message}
    </p>
  );
}
