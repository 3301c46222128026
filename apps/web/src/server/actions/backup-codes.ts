"use server";
import { successMessages } from "@twostep/core";

import { refresh } from "next/cache";
import { fullViewerOrEnded } from "./action-viewer";
import { getTwoStep } from "../twostep";
import { endOtherSessions } from "../auth/end-other-sessions";
import { failed, sessionEnded, succeeded, type FormState } from "./form-state";
import { readText } from "./form-values";

/** New backup codes replace the old ones; the password is asked again, and the codes are shown once. */
export async function regenerateBackupCodesAction(_previous: FormState<string[]>, form: FormData): Promise<FormState<string[]>> {
  const viewer = await fullViewerOrEnded();
  if (!viewer) return sessionEnded("full");
  const password = readText(form, "password");
  const twostep = await getTwoStep();
  const result = await twostep.twoFactor.regenerateBackupCodes({ userId: viewer.userId, password });
  if (result.ok) await endOtherSessions(viewer);
  if (!result.ok) return failed(result);
  refresh();
  return succeeded(successMessages.backupCodesReplaced, result.backupCodes);
}
