"use client";

import { createContext, useCallback, useContext, useEffect, useMemo, useState } from "react";

/**
 * The account lock as the code page learned it (a LOCKED answer says for how long), shared by
 * the code form and the resend button so the page shows one state: paused, with a live countdown,
 * and nothing offered that can't work until then. Kept in sessionStorage so a reload still shows
 * it; the server enforces the lock whatever this says.
 */
type CodeLock = { secondsLeft: number; untilMs: number | null; lockFor(seconds: number): void };

const CodeLockContext = createContext<CodeLock | null>(null);
const STORAGE_KEY = "twostep:code-locked-until";

export function CodeLockProvider({ children }: { children: React.ReactNode }) {
  const [untilMs, setUntilMs] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    // After hydration (the server can't know), so both renders agree first.
    const timer = setTimeout(() => {
      const stored = Number(sessionStorage.getItem(STORAGE_KEY));
      if (stored > Date.now()) {
        setNow(Date.now());
        setUntilMs(stored);
      }
    }, 0);
    return () => clearTimeout(timer);
  }, []);
  useEffect(() => {
    if (untilMs === null) return;
    const timer = setInterval(() => {
      setNow(Date.now());
      if (Date.now() >= untilMs) {
        clearInterval(timer);
        setUntilMs(null);
        sessionStorage.removeItem(STORAGE_KEY);
      }
    }, 250);
    return () => clearInterval(timer);
  }, [untilMs]);

  const lockFor = useCallback((seconds: number) => {
    const until = Date.now() + seconds * 1000;
    sessionStorage.setItem(STORAGE_KEY, String(until));
    setNow(Date.now());
    setUntilMs(until);
  }, []);
  const secondsLeft = untilMs === null ? 0 : Math.max(0, Math.ceil((untilMs - now) / 1000));
  const value = useMemo(() => ({ secondsLeft, untilMs: secondsLeft > 0 ? untilMs : null, lockFor }), [secondsLeft, untilMs, lockFor]);
  return <CodeLockContext.Provider value={value}>{children}</CodeLockContext.Provider>;
}

/** Outside a provider (settings) there is no lock to show: nothing is paused. */
export function useCodeLock(): CodeLock {
  return useContext(CodeLockContext) ?? { secondsLeft: 0, untilMs: null, lockFor: () => {} };
}

/** "9:58", for a countdown a person watches. */
export function clockDuration(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return `${m}:${String(s).padStart(2, "0")}`;
}

/** Hides what contradicts a lock ("ask for a new code") while it lasts. */
export function HiddenWhileLocked({ children }: { children: React.ReactNode }) {
  const { secondsLeft } = useCodeLock();
  return secondsLeft > 0 ? null : <>{children}</>;
}
