"use server";

import { successMessages } from "@twostep/core";
import { refresh } from "next/cache";
import { newPasswordLengthMessage } from "@/components/forms/password-rules";
import { endOtherSessions } from "../auth/end-other-sessions";
import { getTwoStep } from "../twostep";
import { fullViewerOrEnded } from "./action-viewer";
import { failed, sessionEnded, succeeded, type FormState } from "./form-state";
import { readText } from "./form-values";
import { requestIp } from "./request-ip";

/**
 * A new password, given the current one; every other browser signed in to the account is signed
 * out. A refusal names the field at fault (`field`: newPassword for a malformed or common one,
 * currentPassword for a wrong one) so the form marks it; no password is ever echoed back.
 */
export async function changePasswordAction(_previous: FormState, form: FormData): Promise<FormState> {
  const viewer = await fullViewerOrEnded();
  if (!viewer) return sessionEnded("full");
  const twostep = await getTwoStep();
  const result = await twostep.accounts.changePassword({
    userId: viewer.userId,
    currentPassword: readText(form, "currentPassword"),
    newPassword: readText(form, "newPassword"),
    ip: await requestIp(),
  });
  if (!result.ok) {
    // "Some details are missing…" says nothing of what to change: a malformed new password is one of the wrong length.
    if (result.code === "INVALID_INPUT" && "field" in result && result.field === "newPassword") return { ...failed(result), message: newPasswordLengthMessage };
    if (result.code === "INVALID_CREDENTIALS") return { ...failed(result), field: "currentPassword" };
    return failed(result);
  }
  const othersEnded = await endOtherSessions(viewer);
  refresh();
  return succeeded(othersEnded
    ? `${successMessages.passwordChanged} Every other browser signed in to your account was signed out.`
    : `${successMessages.passwordChanged} ${successMessages.otherSessionsNotEnded}`);
}
