"use client";

import { useEffect, useState } from "react";

/**
 * Seconds left of a wait the server measured. Starts at the server's number (so the server and
 * the first client render agree) and counts down against the clock, not by ticks, so a
 * throttled background tab still shows the right time. The server enforces the wait anyway.
 */
export function useCountdown(initialSeconds: number): number {
  const [left, setLeft] = useState(Math.max(0, Math.ceil(initialSeconds)));
  useEffect(() => {
    if (initialSeconds <= 0) return;
    const deadline = Date.now() + initialSeconds * 1000;
    const timer = setInterval(() => {
      const seconds = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
      setLeft(seconds);
      if (seconds === 0) clearInterval(timer);
    }, 250);
    return () => clearInterval(timer);
  }, [initialSeconds]);
  return left;
}
