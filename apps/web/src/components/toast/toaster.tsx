"use client";

import { createContext, useCallback, useContext, useMemo, useState } from "react";

type Tone = "success" | "error";
type Toast = { id: string; tone: Tone; message: string };
type Show = (tone: Tone, message: string, id?: string) => void;

const ToastContext = createContext<Show | null>(null);

/** How long a toast stays; errors stay longer because they ask the reader to act. */
const TOAST_MS: Record<Tone, number> = { success: 5_000, error: 9_000 };
const MAX_TOASTS = 3;

/**
 * Outcome toasts for the whole app. The live region exists from the first paint so screen
 * readers register it before anything is announced: successes are read politely, errors
 * (role="alert") at once.
 */
export function Toaster({ children }: { children: React.ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const dismiss = useCallback((id: string) => setToasts((all) => all.filter((t) => t.id !== id)), []);
  const show = useCallback<Show>(
    (tone, message, id = crypto.randomUUID()) => {
      setToasts((all) => [...all.filter((t) => t.id !== id), { id, tone, message }].slice(-MAX_TOASTS));
      setTimeout(() => dismiss(id), TOAST_MS[tone]);
    },
    [dismiss],
  );
  const value = useMemo(() => show, [show]);

  return (
    <ToastContext.Provider value={value}>
      {children}
      <section
        aria-label="Notifications"
        aria-live="polite"
        className="pointer-events-none fixed inset-x-0 bottom-0 z-50 flex flex-col items-center gap-2 p-4 sm:items-end"
      >
        {toasts.map((toast) => (
          <div
            key={toast.id}
            role={toast.tone === "error" ? "alert" : undefined}
            data-testid="toast"
            data-tone={toast.tone}
            className={`pointer-events-auto flex w-full max-w-sm items-start gap-3 rounded-xl px-4 py-3 text-sm shadow-lg ring-1 ${
              toast.tone === "error" ? "bg-rose-50 text-rose-900 ring-rose-200" : "bg-emerald-50 text-emerald-900 ring-emerald-200"
            }`}
          >
            <span aria-hidden className="mt-0.5 text-base leading-none">
              {toast.tone === "error" ? "!" : "✓"}
            </span>
            <p className="flex-1">{toast.message}</p>
            <button
              type="button"
              onClick={() => dismiss(toast.id)}
              className="-m-1 rounded-md p-1 text-current/70 hover:text-current focus-visible:outline-2 focus-visible:outline-indigo-600"
              aria-label="Dismiss notification"
            >
              <span aria-hidden>×</span>
            </button>
          </div>
        ))}
      </section>
    </ToastContext.Provider>
  );
}

export function useToast(): Show {
  const show = useContext(ToastContext);
  if (!show) throw new Error("useToast needs <Toaster> above it (src/app/layout.tsx)");
  return show;
}
