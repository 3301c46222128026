import { safeError, scrubDigits } from "@twostep/core";

const holder = globalThis as typeof globalThis & { __twostepConsoleScrubbed?: boolean };

/**
 * Next.js prints an error that escapes a page, action or route with console.error, whole: a
 * database error's message is the failed statement with its parameters (a full phone number, an
 * SMS text with its code). Every console line of this process goes through the same rules as the
 * core's logger (safe-error.ts): errors reduced to name, code and scrubbed message; digit runs of
 * six or more in text blotted out. The second line of defence behind routes that catch their errors.
 */
export function scrubConsole(): void {
  if (holder.__twostepConsoleScrubbed) return;
  for (const level of ["error", "warn", "log", "info"] as const) {
    const write = console[level].bind(console);
    console[level] = (...args: unknown[]) => write(...args.map(scrubArgument));
  }
  holder.__twostepConsoleScrubbed = true;
}

function scrubArgument(arg: unknown): unknown {
  if (arg instanceof Error) {
    const safe = safeError(arg);
    return `${safe.type}${safe.code ? ` [${safe.code}]` : ""}: ${safe.message}`;
  }
  return typeof arg === "string" ? scrubDigits(arg) : arg;
}
