import type { TwoFactorService, TwoFactorWithAuthenticators } from "@twostep/core";
import type { PendingViewer, SecondFactorProof, TwoStepGraphQLContext } from "./context.js";

export type CompleteSignInOptions = {
  /** With `completeSignInWithAuthenticator` (authenticator apps), verifyAuthenticatorCode works too. */
  twoFactor: Pick<TwoFactorService, "completeSignIn" | "completeSignInWithBackupCode"> &
    Partial<Pick<TwoFactorWithAuthenticators, "completeSignInWithAuthenticator">>;
  /** The client address for the core's per-IP limits, or null when unknown. */
  ip: string | null;
  /** The request's User-Agent header: the security log names the browser that signed in. */
  userAgent?: string | null;
  /**
   * Replaces the pending session with a new full one (a fresh cookie or token). Called only after
   * the core accepted the factor; it checks nothing about the factor itself. False when the pending
   * session was ended meanwhile (a sign-out, a password reset) and nothing was upgraded: the
   * answer is then REAUTH_REQUIRED, and the person signs in again.
   */
  upgradeSession(viewer: PendingViewer, factor: SecondFactorProof["factor"]): Promise<void | boolean>;
};

/**
 * The context's `completeSignIn` for a host that can upgrade a session but has no sign-in helper
 * of its own (a RedwoodJS or CedarJS api side): the core checks the factor, and the upgrade runs
 * only when it passed, so a host can't upgrade on an unchecked code by mistake.
 */
export function completeSignInThroughCore(options: CompleteSignInOptions): TwoStepGraphQLContext["completeSignIn"] {
  return async (viewer, proof) => {
    const input = { userId: viewer.userId, code: proof.code, ip: options.ip, userAgent: options.userAgent ?? null };
    const withApp = options.twoFactor.completeSignInWithAuthenticator;
    const result =
      proof.factor === "sms"
        ? await options.twoFactor.completeSignIn(input)
        : proof.factor === "backup_code"
          ? await options.twoFactor.completeSignInWithBackupCode(input)
          : withApp
            ? await withApp(input)
            : ({ ok: false, code: "INVALID_INPUT" } as const);
    if (!result.ok) return result;
    if ((await options.upgradeSession(viewer, proof.factor)) === false) return { ok: false, code: "REAUTH_REQUIRED" };
    return { ok: true };
  };
}
