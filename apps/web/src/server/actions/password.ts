"use server";

import { successMessages } from "@twostep/core";
import { refresh } from "next/cache";
import { endOtherSessions } from "../auth/end-other-sessions";
import { getTwoStep } from "../twostep";
import { fullViewerOrEnded } from "./action-viewer";
import { failed, sessionEnded, succeeded, type FormState } from "./form-state";
import { readText } from "./form-values";
import { requestIp } from "./request-ip";

/** A new password, given the current one; every other browser signed in to the account is signed out. */
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
  if (!result.ok) return failed(result);
  const othersEnded = await endOtherSessions(viewer);
  refresh();
  return succeeded(othersEnded
    ? `${successMessages.passwordChanged} Every other browser signed in to your account was signed out.`
    : `${successMessages.passwordChanged} ${successMessages.otherSessionsNotEnded}`);
}
