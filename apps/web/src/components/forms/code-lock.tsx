"use client";

import { createContext, useCallback, useContext, useEffect, useMemo, useState } from "react";

/**
 * The account lock as the code page learned it (a LOCKED answer says for how long), shared by
 * the code form and the resend button so the page shows one state: paused, with a live countdown,
 * and nothing offered that can't work until then. Kept in sessionStorage so a reload still shows
 * it; the server enforces the lock whatever this says. The key names the user the lock is for
 * (`scope`), so the next person to sign in in the same tab isn't shown it, and signing out
 * forgets every lock kept (clearCodeLocks, from the sign-out button).
 */
type CodeLock = { secondsLeft: number; untilMs: number | null; lockFor(seconds: number): void };

const CodeLockContext = createContext<CodeLock | null>(null);
const STORAGE_PREFIX = "twostep:code-locked-until";

/** The sessionStorage key of `scope`'s lock (a user id). */
export const codeLockKey = (scope: string) => `${STORAGE_PREFIX}:${scope}`;

/** Forgets every lock this tab kept (signing out: the next person starts clean). */
export function clearCodeLocks(): void {
  try {
    for (const key of Object.keys(sessionStorage)) if (key.startsWith(STORAGE_PREFIX)) sessionStorage.removeItem(key);
  } catch {
    // Storage can be unavailable (a locked-down browser): nothing was kept then.
  }
}

export function CodeLockProvider({ scope, children }: { scope: string; children: React.ReactNode }) {
  const storageKey = codeLockKey(scope);
  const [untilMs, setUntilMs] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    // After hydration (the server can't know), so both renders agree first.
    const timer = setTimeout(() => {
      const stored = Number(sessionStorage.getItem(storageKey));
      if (stored > Date.now()) {
        setNow(Date.now());
        setUntilMs(stored);
      }
    }, 0);
    return () => clearTimeout(timer);
  }, [storageKey]);
  useEffect(() => {
    if (untilMs === null) return;
    const timer = setInterval(() => {
      setNow(Date.now());
      if (Date.now() >= untilMs) {
        clearInterval(timer);
        setUntilMs(null);
        sessionStorage.removeItem(storageKey);
      }
    }, 250);
    return () => clearInterval(timer);
  }, [untilMs, storageKey]);

  const lockFor = useCallback((seconds: number) => {
    const until = Date.now() + seconds * 1000;
    sessionStorage.setItem(storageKey, String(until));
    setNow(Date.now());
    setUntilMs(until);
  }, [storageKey]);
  const secondsLeft = untilMs === null ? 0 : Math.max(0, Math.ceil((untilMs - now) / 1000));
  const value = useMemo(() => ({ secondsLeft, untilMs: secondsLeft > 0 ? untilMs : null, lockFor }), [secondsLeft, untilMs, lockFor]);
  return <CodeLockContext.Provider value={value}>{children}</CodeLockContext.Provider>;
}

/** Outside a provider (settings) there is no lock to show: nothing is paused. */
export function useCodeLock(): CodeLock {
  return useContext(CodeLockContext) ?? { secondsLeft: 0, untilMs: null, lockFor: () => {} };
}

/** Hides what contradicts a lock ("ask for a new code") while it lasts. */
export function HiddenWhileLocked({ children }: { children: React.ReactNode }) {
  const { secondsLeft } = useCodeLock();
  return secondsLeft > 0 ? null : <>{children}</>;
}
