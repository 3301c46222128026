import type { FullViewer } from "@twostep/next-auth";
import { twoStepSession } from "./two-step-session";

/**
 * After a change to how this account signs in (2FA on or off, a new phone, new backup codes, a new
 * password), every other session of the user ends: one opened before the change, say a
 * password-only one from before 2FA went on, must not outlive it. The session making the change
 * stays. Ending sessions failing must not undo the change the user made, so a store error is
 * logged by the caller's platform and swallowed here; the sessions still end at their idle timeout.
 */
export async function endOtherSessions(viewer: FullViewer): Promise<void> {
  await twoStepSession.endOtherSessions(viewer).catch(() => undefined);
}
