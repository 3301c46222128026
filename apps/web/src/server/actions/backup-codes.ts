"use server";
import { successMessages } from "@twostep/core";

import { refresh } from "next/cache";
import { requireFullViewer } from "../auth/viewer";
import { getTwoStep } from "../twostep";
import { failed, succeeded, type FormState } from "./form-state";
import { readText } from "./form-values";

/** New backup codes replace the old ones; the password is asked again, and the codes are shown once. */
export async function regenerateBackupCodesAction(_previous: FormState<string[]>, form: FormData): Promise<FormState<string[]>> {
  const viewer = await requireFullViewer();
  const password = readText(form, "password");
  const twostep = await getTwoStep();
  const result = await twostep.twoFactor.regenerateBackupCodes({ userId: viewer.userId, password });
  if (!result.ok) return failed(result);
  refresh();
  return succeeded(successMessages.backupCodesReplaced, result.backupCodes);
}
