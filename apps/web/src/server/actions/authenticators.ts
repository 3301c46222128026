"use server";

import type { SessionFactor } from "@twostep/core";
import { refresh } from "next/cache";
import { endOtherSessions } from "../auth/end-other-sessions";
import { getTwoStep } from "../twostep";
import { fullViewerOrEnded } from "./action-viewer";
import type { EnrollmentStart } from "./enrollment-start";
import { failed, sessionEnded, succeeded, type FormState } from "./form-state";
import { readText } from "./form-values";
import { requestIp } from "./request-ip";

/*
 * Authenticator apps on /settings/security. The core decides every rule: adding one with 2FA on,
 * and removing any, need a session whose second step passed with a factor (viewer.factor, from
 * the session record); removing the last factor needs the password and a code from it too.
 */

/** The core's REAUTH_REQUIRED message speaks of the phone; here it is about the apps. */
const REAUTH_FOR_APPS = "For your security, sign out and sign in again with a code before changing your authenticator apps.";

function refusal(result: Parameters<typeof failed>[0]): FormState<never> {
  const state = failed(result);
  return state.status === "error" && state.code === "REAUTH_REQUIRED" ? { ...state, message: REAUTH_FOR_APPS } : state;
}

export async function beginAuthenticatorAction(_previous: FormState<EnrollmentStart>, form: FormData): Promise<FormState<EnrollmentStart>> {
  const viewer = await fullViewerOrEnded();
  if (!viewer) return sessionEnded("full");
  const twostep = await getTwoStep();
  const name = readText(form, "name") ?? undefined;
  const started = await twostep.twoFactor.beginAuthenticatorEnrollment({ userId: viewer.userId, accountName: viewer.email, name, sessionFactor: viewer.factor as SessionFactor | null | undefined });
  if (!started.ok) return refusal(started);
  return succeeded("Scan the QR code with your authenticator app.", { factorId: started.factorId, secret: started.secret, qrSvg: started.qrSvg });
}

/** The app's first code turns it on; with 2FA off this also turns 2FA on, with backup codes shown once. */
export async function confirmAuthenticatorAction(_previous: FormState<string[]>, form: FormData): Promise<FormState<string[]>> {
  const viewer = await fullViewerOrEnded();
  if (!viewer) return sessionEnded("full");
  const code = readText(form, "code");
  if (code === null) return failed({ code: "MALFORMED_CODE" });
  const twostep = await getTwoStep();
  const result = await twostep.twoFactor.confirmAuthenticatorEnrollment({ userId: viewer.userId, factorId: readText(form, "factorId"), code, ip: await requestIp() });
  if (!result.ok) return failed(result);
  await endOtherSessions(viewer);
  refresh();
  return succeeded("Your authenticator app is on.", result.backupCodes ?? undefined);
}

export async function renameAuthenticatorAction(_previous: FormState, form: FormData): Promise<FormState> {
  const viewer = await fullViewerOrEnded();
  if (!viewer) return sessionEnded("full");
  const twostep = await getTwoStep();
  const result = await twostep.twoFactor.renameAuthenticator({ userId: viewer.userId, factorId: readText(form, "factorId"), name: readText(form, "name"), ip: await requestIp() });
  if (!result.ok) return failed(result);
  refresh();
  return succeeded("Renamed.");
}

/** Removing the last factor turns 2FA off: the password and a current code from that app are asked. */
export async function removeAuthenticatorAction(_previous: FormState, form: FormData): Promise<FormState> {
  const viewer = await fullViewerOrEnded();
  if (!viewer) return sessionEnded("full");
  const twostep = await getTwoStep();
  const result = await twostep.twoFactor.removeAuthenticator({
    userId: viewer.userId,
    factorId: readText(form, "factorId"),
    sessionFactor: viewer.factor as SessionFactor | null | undefined,
    password: readText(form, "password"),
    code: readText(form, "code"),
    ip: await requestIp(),
  });
  if (!result.ok) {
    // Another app went meanwhile and this one is the last: the page re-renders with the password
    // and code fields its removal now takes, under the message saying why.
    if ("lastFactor" in result) refresh();
    return refusal(result);
  }
  await endOtherSessions(viewer);
  refresh();
  return succeeded("twoFactorEnabled" in result ? "Authenticator app removed. Two-factor authentication is off." : "Authenticator app removed.");
}
