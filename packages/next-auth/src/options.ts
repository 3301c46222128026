import { PENDING_SESSION_MINUTES } from "@twostep/core";
import type { SessionGate } from "./session-gate.js";

/** What a host tells the session stage. Nothing here is read from the environment. */
export type TwoStepSessionOptions = {
  /** The Auth.js secret: encrypts and authenticates the session token. At least 32 characters. */
  secret: string;
  /**
   * True when the site is served over https: the cookie is then `Secure` and named
   * `__Secure-authjs.session-token`, as Auth.js names it. Usually `origin.protocol === "https:"`.
   */
  secureCookies: boolean;
  /**
   * Does this account still exist? A token outlives a deleted account; such a session reads as
   * signed out. Called on every getViewer(), never by the proxy.
   */
  userExists(userId: string): Promise<boolean>;
  /** Where the guards and the proxy send people. */
  paths?: Partial<TwoStepPaths>;
  /** How long a password-only session may wait for its second factor. Default: the core's PENDING_SESSION_MINUTES (10). */
  pendingSessionMinutes?: number;
  /** Lifetime of a session, rolled forward by Auth.js while it is used. Default: 7 days. */
  fullSessionSeconds?: number;
  /**
   * Server-side session records (`twostep.sessions`): the cookie then carries a record's id, and
   * getViewer accepts a session only while its record is live (absolute lifetime from sign-in,
   * idle timeout, ended by sign-out or "sign out everywhere"). Strongly recommended.
   */
  sessions?: SessionGate;
  /**
   * Is the user's password still the one authorize() verified? Given the `passwordStamp`
   * authorize() returned (with @twostep/core: `authenticate()`'s, checked by
   * `accounts.checkPasswordStamp`). Asked right after a sign-in's session record is opened: on
   * false the record is ended and the sign-in refused as a wrong password, so a sign-in with the
   * old password that overlaps a reset or change of password keeps no session. Without it, such a
   * sign-in can open its session after the reset ended every session. Needs `sessions`; may throw
   * (a CredentialsSignin with its own `code` reaches the form), the record is then ended too.
   * `signIn.ip`: the address authorize() returned, for the refusal's row in the security log.
   */
  passwordUnchanged?(userId: string, passwordStamp: string, signIn: { ip: string | null }): Promise<boolean>;
};

export type TwoStepPaths = {
  /** The password form. Default "/sign-in". */
  signIn: string;
  /** The code form a pending session must finish. Default "/verify"; its sub-paths count too. */
  verify: string;
  /** Where a fully signed-in visitor of the code form goes. Default "/". */
  afterSignIn: string;
};

/** A week: long enough not to nag, short enough that a stolen token dies on its own. */
export const FULL_SESSION_SECONDS_DEFAULT = 7 * 24 * 60 * 60;
const SECRET_MIN_LENGTH = 32;

/** Options with every default filled in and checked. */
export type SessionSettings = {
  secret: string;
  secureCookies: boolean;
  userExists(userId: string): Promise<boolean>;
  paths: TwoStepPaths;
  pendingSessionMs: number;
  fullSessionSeconds: number;
  sessions: SessionGate | null;
  passwordUnchanged: ((userId: string, passwordStamp: string, signIn: { ip: string | null }) => Promise<boolean>) | null;
};

/** Thrown for options that would make the session stage unsafe or broken; says which and why. */
export class TwoStepSessionConfigError extends Error {
  override name = "TwoStepSessionConfigError";
}

export function resolveSettings(options: TwoStepSessionOptions): SessionSettings {
  const fail = (message: string): never => {
    throw new TwoStepSessionConfigError(`@twostep/next-auth: ${message}`);
  };
  if (typeof options.secret !== "string" || options.secret.length < SECRET_MIN_LENGTH) {
    fail(`secret must be a string of at least ${SECRET_MIN_LENGTH} characters (it encrypts the session token)`);
  }
  if (typeof options.secureCookies !== "boolean") fail("secureCookies must be true or false");
  if (typeof options.userExists !== "function") fail("userExists(userId) is required, so a deleted account's session reads as signed out");
  if (options.passwordUnchanged !== undefined && typeof options.passwordUnchanged !== "function") fail("passwordUnchanged must be a function");
  if (options.passwordUnchanged && !options.sessions) fail("passwordUnchanged needs sessions: without a record, a refused sign-in has nothing to end");
  const pendingMinutes = options.pendingSessionMinutes ?? PENDING_SESSION_MINUTES;
  if (!Number.isFinite(pendingMinutes) || pendingMinutes <= 0) fail("pendingSessionMinutes must be a positive number");
  const fullSessionSeconds = options.fullSessionSeconds ?? FULL_SESSION_SECONDS_DEFAULT;
  if (!Number.isInteger(fullSessionSeconds) || fullSessionSeconds <= 0) fail("fullSessionSeconds must be a positive whole number");
  const paths: TwoStepPaths = { signIn: "/sign-in", verify: "/verify", afterSignIn: "/", ...options.paths };
  for (const [name, path] of Object.entries(paths)) {
    // Only same-site paths: a redirect target taken from here must never leave the site.
    if (typeof path !== "string" || !path.startsWith("/") || path.startsWith("//")) fail(`paths.${name} must be a path starting with "/"`);
  }
  return {
    secret: options.secret,
    secureCookies: options.secureCookies,
    userExists: options.userExists,
    paths,
    pendingSessionMs: pendingMinutes * 60_000,
    fullSessionSeconds,
    sessions: options.sessions ?? null,
    passwordUnchanged: options.passwordUnchanged ?? null,
  };
}
