"use server";

import { refresh } from "next/cache";
import { twoStepSession } from "../auth/two-step-session";
import { fullViewerOrEnded } from "./action-viewer";
import { readText } from "./form-values";

/*
 * The sessions list on /settings/security: "sign out" on one row, and "sign out everywhere else".
 * Only the viewer's own sessions can be ended (the registry checks the owner); this browser's own
 * row has no button, it signs out through the header.
 */

export async function endSessionAction(form: FormData): Promise<void> {
  const viewer = await fullViewerOrEnded();
  if (!viewer) return;
  const sessionId = readText(form, "sessionId");
  if (sessionId && sessionId !== viewer.sessionId) await twoStepSession.endSession(viewer, sessionId);
  refresh();
}

export async function endOtherSessionsAction(_form: FormData): Promise<void> {
  const viewer = await fullViewerOrEnded();
  if (!viewer) return;
  await twoStepSession.endOtherSessions(viewer);
  refresh();
}
