"use server";
import { successMessages } from "@twostep/core";

import { refresh } from "next/cache";
import { redirect } from "next/navigation";
import { completeSignInWithAuthenticator, completeSignInWithBackupCode, completeSignInWithCode, completeSignInWithEnrollment } from "../auth/second-factor";
import { pendingViewerOrEnded } from "./action-viewer";
import { getTwoStep } from "../twostep";
import type { EnrollmentStart } from "./enrollment-start";
import { failed, sessionEnded, succeeded, type CodeEnd, type FormState } from "./form-state";
import { readText } from "./form-values";
import { requestIp } from "./request-ip";
import { trustBrowserIfAsked } from "../auth/trusted-browser";
import { takeAfterSignIn } from "../auth/after-sign-in-cookie";
import { endOtherSessions } from "../auth/end-other-sessions";
import { getViewer } from "../auth/viewer";

/*
 * The second step of sign-in (/verify and /verify/backup). Each action checks for a pending
 * session itself: the proxy only saves a render. On success the session is replaced by a fresh
 * full one (src/server/auth/second-factor.ts) and the browser goes where the sign-in began
 * (a deep link kept by the password step, ../auth/after-sign-in-cookie.ts), else the dashboard.
 */

export async function verifySignInCodeAction(_previous: FormState, form: FormData): Promise<FormState> {
  const viewer = await pendingViewerOrEnded();
  if (!viewer) return sessionEnded("pending");
  const code = readText(form, "code");
  if (code === null) return failed({ code: "MALFORMED_CODE" });
  const ip = await requestIp();
  const result = await completeSignInWithCode(viewer, code, ip);
  if (upgradeRefused(result)) return sessionEnded("pending");
  if (!result.ok) {
    // A wrong code with tries left changes nothing the page shows beyond this answer (it says the
    // attempts left; the delivery poll brings news of the SMS): no re-render, so a burst of wrong
    // guesses costs the check alone. Nor does the guess that ends the code (the fifth wrong one):
    // the answer says so and the page shows the ended code from it (code-ended.tsx). A code gone,
    // or undelivered, changes more of the page (its text, its offers): that rare answer re-renders it.
    // A guess refused by the per-IP window left the code as it was: a stranger hammering from one
    // address gets the answer alone, not a page render per try.
    const ended = codeEnd(result);
    if (ended) return { ...failed(result), codeEnded: ended };
    if (!stillGuessable(result) && result.code !== "RATE_LIMITED") refresh();
    return failed(result);
  }
  await trustBrowserIfAsked(form, ip);
  redirect(await takeAfterSignIn());
}

/**
 * The code passed, but the pending session was ended while it was checked (a sign-out, "end other
 * sessions", a password reset): no full session was opened (@twostep/next-auth answers
 * REAUTH_REQUIRED), so the page says the sign-in ended and offers to sign in again.
 */
function upgradeRefused(result: { ok: boolean; code?: string }): boolean {
  return !result.ok && result.code === "REAUTH_REQUIRED";
}

type CheckFailure = { code: string; attemptsLeft?: number; undelivered?: boolean };

function stillGuessable(result: CheckFailure): boolean {
  const wrong = result.code === "INVALID_CODE" || result.code === "EARLIER_CODE" || result.code === "MALFORMED_CODE";
  return wrong && result.undelivered !== true && (result.attemptsLeft === undefined || result.attemptsLeft > 0);
}

/** The answer ended the live code, and that is all it changed on the page (its SMS was not reported lost). */
function codeEnd(result: CheckFailure): CodeEnd | null {
  if (result.undelivered === true) return null;
  if (result.code === "CODE_EXPIRED") return "expired";
  if (result.code === "TOO_MANY_ATTEMPTS") return "dead";
  const wrong = result.code === "INVALID_CODE" || result.code === "EARLIER_CODE";
  return wrong && result.attemptsLeft === 0 ? "dead" : null;
}

/** "Resend code" and "Send a code": always to the number on record; the core enforces the cooldown. */
export async function sendSignInCodeAction(_previous: FormState, _form: FormData): Promise<FormState> {
  const viewer = await pendingViewerOrEnded();
  if (!viewer) return sessionEnded("pending");
  const twostep = await getTwoStep();
  const result = await twostep.twoFactor.sendSignInCode({ userId: viewer.userId, ip: await requestIp() });
  refresh();
  if (!result.ok) return failed(result);
  return succeeded(successMessages.newCodeSent(result.status.phoneLastDigits));
}

export async function verifyBackupCodeAction(_previous: FormState, form: FormData): Promise<FormState> {
  const viewer = await pendingViewerOrEnded();
  if (!viewer) return sessionEnded("pending");
  const code = readText(form, "backupCode");
  if (code === null) return failed({ code: "INVALID_BACKUP_CODE" });
  const ip = await requestIp();
  const result = await completeSignInWithBackupCode(viewer, code, ip);
  if (upgradeRefused(result)) return sessionEnded("pending");
  if (!result.ok) return failed(result);
  await trustBrowserIfAsked(form, ip);
  redirect(await takeAfterSignIn());
}

/** The 6-digit code of an authenticator app (/verify/app). Nothing is sent, so nothing costs. */
export async function verifyAuthenticatorCodeAction(_previous: FormState, form: FormData): Promise<FormState> {
  const viewer = await pendingViewerOrEnded();
  if (!viewer) return sessionEnded("pending");
  const code = readText(form, "code");
  if (code === null) return failed({ code: "MALFORMED_CODE" });
  const ip = await requestIp();
  const result = await completeSignInWithAuthenticator(viewer, code, ip);
  if (upgradeRefused(result)) return sessionEnded("pending");
  if (!result.ok) return failed(result);
  await trustBrowserIfAsked(form, ip);
  redirect(await takeAfterSignIn());
}

/** "Try another way" → text message: the core sends the SMS now, and only now. */
export async function chooseSmsFactorAction(_previous: FormState, _form: FormData): Promise<FormState> {
  const viewer = await pendingViewerOrEnded();
  if (!viewer) return sessionEnded("pending");
  const twostep = await getTwoStep();
  const result = await twostep.twoFactor.chooseSignInFactor({ userId: viewer.userId, factor: "sms", ip: await requestIp() });
  if (!result.ok) return failed(result);
  redirect("/verify");
}

/** TWO_FACTOR_POLICY=required, no factor yet: a new app secret to scan (/verify/enroll). */
export async function beginRequiredEnrollmentAction(_previous: FormState<EnrollmentStart>, _form: FormData): Promise<FormState<EnrollmentStart>> {
  const viewer = await pendingViewerOrEnded();
  if (!viewer) return sessionEnded("pending");
  const twostep = await getTwoStep();
  // Only a user the policy obliges to enroll: anyone with a factor must pass it instead.
  if (!(await twostep.twoFactor.mustEnroll(viewer.userId))) return failed({ code: "REAUTH_REQUIRED" });
  const started = await twostep.twoFactor.beginAuthenticatorEnrollment({ userId: viewer.userId, accountName: viewer.email, sessionFactor: null });
  if (!started.ok) return failed(started);
  return succeeded("Scan the QR code with your authenticator app.", { factorId: started.factorId, secret: started.secret, qrSvg: started.qrSvg });
}

/** The new app's first code: the factor turns on and the session becomes full. */
export async function confirmRequiredEnrollmentAction(_previous: FormState<string[]>, form: FormData): Promise<FormState<string[]>> {
  const viewer = await pendingViewerOrEnded();
  if (!viewer) return sessionEnded("pending");
  const code = readText(form, "code");
  if (code === null) return failed({ code: "MALFORMED_CODE" });
  const result = await completeSignInWithEnrollment(viewer, readText(form, "factorId"), code, await requestIp());
  // Also the answer when the policy no longer obliges this user to enroll: either way, sign in again.
  if (upgradeRefused(result)) return sessionEnded("pending");
  if (!result.ok) return failed(result);
  // 2FA just went on, as with the settings page's confirmAuthenticatorAction: every other session
  // ends, a password-only one from while the policy was optional among them. Kept is the new full
  // session, read from the cookie the upgrade set: the pending viewer's record is the one the
  // upgrade ended, so keeping that one would end the new session too. Neither a failed read nor a
  // failed end may cost the user the backup codes shown once below (endOtherSessions swallows its own).
  const signedIn = await getViewer().catch(() => null);
  if (signedIn?.kind === "full") await endOtherSessions(signedIn);
  // Signed in now; the backup codes are shown once, on this answer, before going on.
  return succeeded("Your authenticator app is on. Save these backup codes.", result.backupCodes ?? []);
}
