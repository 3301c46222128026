"use server";
import { successMessages } from "@twostep/core";

import { refresh } from "next/cache";
import { redirect } from "next/navigation";
import { completeSignInWithBackupCode, completeSignInWithCode } from "../auth/second-factor";
import { pendingViewerOrEnded } from "./action-viewer";
import { getTwoStep } from "../twostep";
import { failed, sessionEnded, succeeded, type FormState } from "./form-state";
import { readText } from "./form-values";
import { requestIp } from "./request-ip";

/*
 * The second step of sign-in (/verify and /verify/backup). Each action checks for a pending
 * session itself: the proxy only saves a render. On success the session is replaced by a fresh
 * full one (src/server/auth/second-factor.ts) and the browser goes to the dashboard.
 */

export async function verifySignInCodeAction(_previous: FormState, form: FormData): Promise<FormState> {
  const viewer = await pendingViewerOrEnded();
  if (!viewer) return sessionEnded("pending");
  const code = readText(form, "code");
  if (code === null) return failed({ code: "MALFORMED_CODE" });
  const result = await completeSignInWithCode(viewer, code, await requestIp());
  if (!result.ok) {
    // The page shows what is left of the code (attempts, expiry), so it re-reads the status.
    refresh();
    return failed(result);
  }
  redirect("/dashboard");
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
  const result = await completeSignInWithBackupCode(viewer, code, await requestIp());
  if (!result.ok) return failed(result);
  redirect("/dashboard");
}
