"use client";

import { useEffect, useRef } from "react";

/** The Navigation API's entry key, where the browser has it (not in TypeScript's DOM types yet). */
function currentEntryKey(): string | null {
  const navigation = (window as { navigation?: { currentEntry?: { key?: string } | null } }).navigation;
  return navigation?.currentEntry?.key ?? null;
}

/**
 * While `asking`, the browser's Back button asks `message` first, as a click on a link does.
 *
 * The app router follows Back and Forward itself, and a popstate can't be cancelled. So this keeps
 * a guard: a second history entry of this same page (same URL, same router state) on top of it.
 * Back then only steps from the guard down to the page, and a capturing listener on window sees
 * that step before the router does. It asks:
 * - "stay" puts the guard back;
 * - "leave" goes back once more, and the router handles that step as usual.
 *
 * A Back that jumps further (to another address, from the browser's history menu) is left to the
 * router. Once asking ends (the codes were saved), the guard stays where it is, since stepping back
 * over it then could race a navigation the page starts. The next Back that lands on the copy below
 * goes one step further, so it still leaves at once.
 */
export function useBackAsksFirst(asking: boolean, message: string): void {
  // The page's own entry under a guard that outlived the asking (Navigation API browsers only).
  const copyBelow = useRef<string | null>(null);

  useEffect(() => {
    if (!asking) return;
    const page = window.location.href;
    const pageKey = currentEntryKey();
    window.history.pushState(window.history.state, "");
    let guarded = true;
    const onPopState = (event: PopStateEvent) => {
      if (!guarded || window.location.href !== page) return;
      // From the guard to the same page below it: nothing for the router to restore.
      event.stopImmediatePropagation();
      if (window.confirm(message)) {
        guarded = false;
        window.history.back();
      } else {
        window.history.pushState(window.history.state, "");
      }
    };
    window.addEventListener("popstate", onPopState, true);
    return () => {
      window.removeEventListener("popstate", onPopState, true);
      if (guarded) copyBelow.current = pageKey;
    };
  }, [asking, message]);

  useEffect(() => {
    const onPopState = (event: PopStateEvent) => {
      if (copyBelow.current === null || currentEntryKey() !== copyBelow.current) return;
      copyBelow.current = null;
      event.stopImmediatePropagation();
      window.history.back();
    };
    window.addEventListener("popstate", onPopState, true);
    return () => window.removeEventListener("popstate", onPopState, true);
  }, []);
}
