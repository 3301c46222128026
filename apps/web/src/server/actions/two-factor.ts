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
 * Turning 2FA on and off on /settings/security. On: the core insists on a phone proved in the
 * last 10 minutes. Off: the password and a current code, with one answer for either being wrong.
 */

/** Each time 2FA goes on, a fresh set of backup codes comes back; the page shows them this once. */
export async function enableTwoFactorAction(_previous: FormState<string[]>, _form: FormData): Promise<FormState<string[]>> {
  const viewer = await fullViewerOrEnded();
  if (!viewer) return sessionEnded("full");
  const twostep = await getTwoStep();
  const result = await twostep.twoFactor.enableTwoFactor({ userId: viewer.userId, ip: await requestIp() });
  if (result.ok) await endOtherSessions(viewer);
  refresh();
  if (!result.ok) return failed(result);
  return succeeded(successMessages.twoFactorOn, result.backupCodes ?? undefined);
}

export async function sendDisableCodeAction(_previous: FormState, _form: FormData): Promise<FormState> {
  const viewer = await fullViewerOrEnded();
  if (!viewer) return sessionEnded("full");
  const twostep = await getTwoStep();
  const result = await twostep.twoFactor.sendDisableCode({ userId: viewer.userId, ip: await requestIp() });
  refresh();
  if (!result.ok) return failed(result);
  return succeeded(successMessages.codeSent(result.status.phoneLastDigits));
}

export async function disableTwoFactorAction(_previous: FormState, form: FormData): Promise<FormState> {
  const viewer = await fullViewerOrEnded();
  if (!viewer) return sessionEnded("full");
  // Missing fields go to the core as they are: it answers INVALID_CREDENTIALS, like any wrong pair.
  const password = readText(form, "password");
  const code = readText(form, "code");
  const twostep = await getTwoStep();
  const result = await twostep.twoFactor.disableTwoFactor({ userId: viewer.userId, password, code, ip: await requestIp() });
  if (result.ok) await endOtherSessions(viewer);
  refresh();
  if (!result.ok) return failed(result);
  return succeeded(successMessages.twoFactorOff);
}
