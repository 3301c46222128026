import type { SessionRegistry } from "@twostep/core";

/**
 * The server-side session records the stage checks: `twostep.sessions` from @twostep/core fits.
 * With it, the cookie carries a record's id and a session is signed in only while that record is
 * live; without it, a session is whatever its (signed, encrypted) cookie says until it expires.
 */
export type SessionGate = Pick<SessionRegistry, "open" | "check" | "end" | "endForUser" | "endOthers" | "list"> &
  /**
   * True when check() also answers null once the session's account is deleted (`twostep.sessions`
   * on SQL with twostep's own users): getViewer then skips `userExists`, one read per request.
   * `replace`: the pending record ended and the full one opened in one step (one statement on
   * SQL) when sign-in completes; without it, end() then open().
   */
  Partial<Pick<SessionRegistry, "checksUser" | "replace">>;

/** What the first factor passed, when nothing more was owed. */
export const PASSWORD_ONLY_FACTOR = "password";
