import type { TwoFactorService, TwoFactorWithAuthenticators } from "@twostep/core";
import type { PendingViewer } from "./viewer.js";

/** The core calls a completion needs; the host's own `twostep.twoFactor` fits. */
export type SignInChecks = Pick<TwoFactorService, "completeSignIn" | "completeSignInWithBackupCode">;

export type CompleteSignInInput = {
  twoFactor: Pick<SignInChecks, "completeSignIn">;
  /** What the person typed; the core parses it (anything malformed is a failure, never a throw). */
  code: unknown;
  /** The client's IP for the core's limits and audit log; null when unknown. */
  ip?: string | null;
  /**
   * The request's User-Agent, for the browser the security log names on the sign-in. The session's
   * own completions read it from the request when it is left out.
   */
  userAgent?: string | null;
};
export type CompleteBackupSignInInput = Omit<CompleteSignInInput, "twoFactor"> & {
  twoFactor: Pick<SignInChecks, "completeSignInWithBackupCode">;
};

export type CompleteSignInResult = Awaited<ReturnType<TwoFactorService["completeSignIn"]>> | SessionEndedRefusal;
export type CompleteBackupSignInResult = Awaited<ReturnType<TwoFactorService["completeSignInWithBackupCode"]>> | SessionEndedRefusal;

/**
 * The second step: the core checks the code for this pending user, and only if it passed is the
 * session replaced by a freshly minted full one. The core's result comes back unchanged, so the
 * caller shows the core's error codes.
 */
/**
 * Mints the full session; `factor` is what passed the second step, recorded with the session.
 * False when the pending session was ended while the step was checked: no cookie was set.
 */
export type MintFullSession = (viewer: PendingViewer, factor: string, ip: string | null) => Promise<boolean>;

/**
 * The factor passed, but the pending session it was for was ended meanwhile (a sign-out, "end
 * other sessions", a password reset): no full session was opened, and the person signs in again.
 */
export type SessionEndedRefusal = { ok: false; code: "REAUTH_REQUIRED" };
const SESSION_ENDED: SessionEndedRefusal = { ok: false, code: "REAUTH_REQUIRED" };

export async function completeWithCode(
  viewer: PendingViewer,
  input: CompleteSignInInput,
  mintFullSession: MintFullSession,
): Promise<CompleteSignInResult> {
  const result = await input.twoFactor.completeSignIn({ userId: viewer.userId, code: input.code, ip: input.ip, userAgent: input.userAgent });
  if (result.ok && !(await mintFullSession(viewer, factorOf(result, "sms"), input.ip ?? null))) return SESSION_ENDED;
  return result;
}

/** The core may say which factor passed (an authenticator app, say); otherwise the caller's default. */
function factorOf(result: object, fallback: string): string {
  const factor = (result as { factor?: unknown }).factor;
  return typeof factor === "string" ? factor : fallback;
}

export async function completeWithBackupCode(
  viewer: PendingViewer,
  input: CompleteBackupSignInInput,
  mintFullSession: MintFullSession,
): Promise<CompleteBackupSignInResult> {
  const result = await input.twoFactor.completeSignInWithBackupCode({ userId: viewer.userId, code: input.code, ip: input.ip, userAgent: input.userAgent });
  if (result.ok && !(await mintFullSession(viewer, "backup_code", input.ip ?? null))) return SESSION_ENDED;
  return result;
}

/** The core call an authenticator-app completion needs: `twostep.twoFactor` fits. */
export type AuthenticatorSignInCheck = Pick<TwoFactorWithAuthenticators, "completeSignInWithAuthenticator">;
export type CompleteAuthenticatorSignInInput = Omit<CompleteSignInInput, "twoFactor"> & { twoFactor: AuthenticatorSignInCheck };
export type CompleteAuthenticatorSignInResult = Awaited<ReturnType<TwoFactorWithAuthenticators["completeSignInWithAuthenticator"]>> | SessionEndedRefusal;

export async function completeWithAuthenticator(
  viewer: PendingViewer,
  input: CompleteAuthenticatorSignInInput,
  mintFullSession: MintFullSession,
): Promise<CompleteAuthenticatorSignInResult> {
  const result = await input.twoFactor.completeSignInWithAuthenticator({ userId: viewer.userId, code: input.code, ip: input.ip, userAgent: input.userAgent });
  if (result.ok && !(await mintFullSession(viewer, "totp", input.ip ?? null))) return SESSION_ENDED;
  return result;
}

/** The core calls the required-enrollment completion needs: `twostep.twoFactor` fits. */
export type EnrollmentSignInCheck = Pick<TwoFactorWithAuthenticators, "mustEnroll" | "confirmAuthenticatorEnrollment">;
export type CompleteEnrollmentSignInInput = Omit<CompleteSignInInput, "twoFactor"> & { twoFactor: EnrollmentSignInCheck; factorId: unknown };
export type CompleteEnrollmentSignInResult =
  | Awaited<ReturnType<TwoFactorWithAuthenticators["confirmAuthenticatorEnrollment"]>>
  | { ok: false; code: "REAUTH_REQUIRED" };

/**
 * Only a pending user the policy obliges to enroll may finish sign-in this way: anyone else with a
 * factor must pass it, so a second enrollment is never a way around the second step.
 */
export async function completeWithEnrollment(
  viewer: PendingViewer,
  input: CompleteEnrollmentSignInInput,
  mintFullSession: MintFullSession,
): Promise<CompleteEnrollmentSignInResult> {
  if (!(await input.twoFactor.mustEnroll(viewer.userId))) return { ok: false, code: "REAUTH_REQUIRED" };
  const result = await input.twoFactor.confirmAuthenticatorEnrollment({ userId: viewer.userId, factorId: input.factorId, code: input.code, ip: input.ip });
  if (result.ok && !(await mintFullSession(viewer, "totp", input.ip ?? null))) return SESSION_ENDED;
  return result;
}
