import type { FullViewer } from "@twostep/next-auth";
import { getTwoStep } from "../twostep";
import { twoStepSession } from "./two-step-session";

/**
 * After a change to how this account signs in (2FA on or off, a new phone, new backup codes, a new
 * password), every other session of the user ends: one opened before the change, say a
 * password-only one from before 2FA went on, must not outlive it. The session making the change
 * stays. Ending sessions failing must not undo the change the user made, so a store error is
 * logged here and the caller still answers success (saying so where its message would claim the
 * others were signed out); the sessions still end at their idle timeout.
 * Returns whether the other sessions ended.
 */
export async function endOtherSessions(viewer: FullViewer): Promise<boolean> {
  try {
    await twoStepSession.endOtherSessions(viewer);
    return true;
  } catch (error) {
    (await getTwoStep()).logger.error({ err: error, userId: viewer.userId }, "the user's other sessions could not be ended after a sign-in change");
    return false;
  }
}
