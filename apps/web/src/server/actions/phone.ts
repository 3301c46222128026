"use server";
import { describeEnrollmentFailure, successMessages } from "@twostep/core";

import { refresh } from "next/cache";
import { fullViewerOrEnded } from "./action-viewer";
import { getTwoStep } from "../twostep";
import { endOtherSessions } from "../auth/end-other-sessions";
import { failed, sessionEnded, succeeded, type FormState } from "./form-state";
import { readText } from "./form-values";
import { requestIp } from "./request-ip";

/*
 * Phone enrollment on /settings/security. A number is saved only after a code sent to it comes
 * back (the core's enroll_phone challenge); each action re-checks for a full session first.
 * `refresh()` re-renders the page, which reads the pending code and the saved number itself.
 */

export async function beginPhoneEnrollmentAction(_previous: FormState, form: FormData): Promise<FormState> {
  const viewer = await fullViewerOrEnded();
  if (!viewer) return sessionEnded("full");
  const phone = readText(form, "phone");
  // The picker's country reads a number typed without its "+" code; the core ignores one it doesn't know.
  const country = readText(form, "country")?.slice(0, 2) ?? "";
  if (phone === null) return enrollmentFailed({ code: "INVALID_PHONE" });
  const twostep = await getTwoStep();
  const result = await twostep.twoFactor.beginPhoneEnrollment({ userId: viewer.userId, phone, country, ip: await requestIp(), signedInAtMs: viewer.signedInAtMs });
  if (!result.ok) return enrollmentFailed(result, { phone: phone.slice(0, 40) });
  refresh();
  return succeeded(successMessages.codeSent(result.status.phoneLastDigits));
}

/** "Verify phone again": a fresh proof of the number on record, needed to turn 2FA on. */
export async function reverifyPhoneAction(_previous: FormState, _form: FormData): Promise<FormState> {
  const viewer = await fullViewerOrEnded();
  if (!viewer) return sessionEnded("full");
  const twostep = await getTwoStep();
  const result = await twostep.twoFactor.reverifyPhone({ userId: viewer.userId, ip: await requestIp() });
  refresh();
  if (!result.ok) return enrollmentFailed(result);
  return succeeded(successMessages.codeSent(result.status.phoneLastDigits));
}

/** A new code to the number being enrolled (never a number from the client); cooldown in the core. */
export async function resendPhoneCodeAction(_previous: FormState, _form: FormData): Promise<FormState> {
  const viewer = await fullViewerOrEnded();
  if (!viewer) return sessionEnded("full");
  const twostep = await getTwoStep();
  const result = await twostep.twoFactor.resendPhoneCode({ userId: viewer.userId, ip: await requestIp() });
  refresh();
  if (!result.ok) return enrollmentFailed(result);
  return succeeded(successMessages.newCodeSent(result.status.phoneLastDigits));
}

export async function confirmPhoneEnrollmentAction(_previous: FormState, form: FormData): Promise<FormState> {
  const viewer = await fullViewerOrEnded();
  if (!viewer) return sessionEnded("full");
  const code = readText(form, "code");
  if (code === null) return failed({ code: "MALFORMED_CODE" });
  const twostep = await getTwoStep();
  const result = await twostep.twoFactor.confirmPhoneEnrollment({ userId: viewer.userId, code, ip: await requestIp() });
  if (result.ok) await endOtherSessions(viewer);
  refresh();
  if (!result.ok) return failed(result);
  return succeeded(successMessages.phoneVerified(result.phoneLastDigits));
}

/** "Use a different number": drops the pending code so the number form shows again. */
export async function cancelPhoneEnrollmentAction(_previous: FormState, _form: FormData): Promise<FormState> {
  const viewer = await fullViewerOrEnded();
  if (!viewer) return sessionEnded("full");
  const twostep = await getTwoStep();
  try {
    await twostep.challenges.cancel({ userId: viewer.userId, purpose: "enroll_phone" });
  } catch {
    return failed({ code: "UNAVAILABLE" });
  }
  refresh();
  return succeeded(successMessages.phoneChangeCancelled);
}

/**
 * While adding or changing a number the usual advice is wrong: there are no backup codes yet (or
 * they don't change a number), and a number the provider refuses won't work on retry.
 */
function enrollmentFailed(failure: Parameters<typeof failed>[0] & Parameters<typeof describeEnrollmentFailure>[0], values?: Record<string, string>): FormState {
  const state = failed(failure, values);
  return state.status === "error" ? { ...state, message: describeEnrollmentFailure(failure) } : state;
}
