"use server";
import { successMessages } from "@twostep/core";

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
  if (phone === null) return failed({ code: "INVALID_PHONE" });
  const twostep = await getTwoStep();
  const result = await twostep.twoFactor.beginPhoneEnrollment({ userId: viewer.userId, phone, ip: await requestIp(), signedInAtMs: viewer.signedInAtMs });
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
  if (!result.ok) return failed(result);
  return succeeded(successMessages.codeSent(result.status.phoneLastDigits));
}

/** A new code to the number being enrolled (never a number from the client); cooldown in the core. */
export async function resendPhoneCodeAction(_previous: FormState, _form: FormData): Promise<FormState> {
  const viewer = await fullViewerOrEnded();
  if (!viewer) return sessionEnded("full");
  const twostep = await getTwoStep();
  const result = await twostep.challenges.resend({ userId: viewer.userId, purpose: "enroll_phone", ip: await requestIp() });
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
 * While adding a number the usual advice is wrong: there are no backup codes yet, and a number
 * the provider won't deliver to (a landline, or one its fraud screen blocks) won't work on retry.
 */
const ENROLLMENT_SEND_FAILED =
  "We couldn't send an SMS to that number: it may not be able to receive our SMS. Check that it is a mobile number, or use a different number.";

function enrollmentFailed(failure: Parameters<typeof failed>[0], values?: Record<string, string>): FormState {
  const state = failed(failure, values);
  return state.status === "error" && failure.code === "SEND_FAILED" ? { ...state, message: ENROLLMENT_SEND_FAILED } : state;
}
