"use client";

import { usePathname } from "next/navigation";
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from "react";

type Tone = "success" | "error";
/**
 * `slot`: who raised it (a form, a flash); a new toast in the same slot replaces the old one.
 * `key`: this one toast, for its timer. `path`: the page it was raised on.
 */
type Toast = { key: string; slot: string; tone: Tone; message: string; path: string };
type Show = (tone: Tone, message: string, id?: string) => void;

const ToastContext = createContext<Show | null>(null);

/** How long a toast stays; errors stay longer because they ask the reader to act. */
const TOAST_MS: Record<Tone, number> = { success: 5_000, error: 9_000 };
const MAX_TOASTS = 3;

/**
 * Outcome toasts for the whole app. The live region exists from the first paint so screen
 * readers register it before anything is announced: successes are read politely, errors
 * (role="alert") at once.
 *
 * The same message twice replaces the first; moving to another page clears the toasts of the
 * last one (no stale error on the dashboard after a success). On a phone they sit at the top,
 * away from the card's buttons at the thumb's end of the screen.
 */
export function Toaster({ children }: { children: React.ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const pathname = usePathname();
  const dismiss = useCallback((key: string) => setToasts((all) => all.filter((t) => t.key !== key)), []);
  // Recreated per page, so a toast raised by the new page's effects is stamped with the new path.
  const show = useCallback<Show>(
    (tone, message, slot = crypto.randomUUID()) => {
      const key = crypto.randomUUID();
      setToasts((all) => [...all.filter((t) => t.slot !== slot && t.message !== message), { key, slot, tone, message, path: pathname }].slice(-MAX_TOASTS));
      setTimeout(() => dismiss(key), TOAST_MS[tone]);
    },
    [dismiss, pathname],
  );
  useEffect(() => {
    // Only a subscription-like cleanup: drops what belonged to the page left behind.
    const timer = setTimeout(() => setToasts((all) => all.filter((t) => t.path === pathname)), 0);
    return () => clearTimeout(timer);
  }, [pathname]);
  const value = useMemo(() => show, [show]);

  return (
    <ToastContext.Provider value={value}>
      {children}
      <section
        aria-label="Notifications"
        aria-live="polite"
        className="pointer-events-none fixed inset-x-0 top-0 z-50 flex flex-col items-center gap-2 p-4 sm:top-auto sm:bottom-0 sm:items-end"
      >
        {toasts.map((toast) => (
          <div
            key={toast.key}
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
              onClick={() => dismiss(toast.key)}
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
