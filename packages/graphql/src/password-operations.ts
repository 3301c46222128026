import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, successMessages } from "@twostep/core";
import type { TwoStepGraphQLContext } from "./context.js";
import { endOtherSessionsAfterChange } from "./end-other-sessions-after-change.js";
import { notSupported } from "./errors.js";
import { failed, succeeded, type MutationResult } from "./mutation-result.js";
import { requireViewer } from "./require-viewer.js";

/**
 * A new password, given the current one, as on the web's security page: the core refuses a common
 * password (COMMON_PASSWORD) and a wrong current one (INVALID_CREDENTIALS, under its per-user
 * limit: RATE_LIMITED with retryAfterSeconds), and after a change every other session ends, so a
 * browser someone else holds is out with the old password. Full session only.
 */
export async function changePassword(
  ctx: TwoStepGraphQLContext,
  args: { currentPassword: string; newPassword: string },
): Promise<MutationResult> {
  const viewer = requireViewer(ctx, "full");
  if (!ctx.accounts) throw notSupported("password changes");
  const changed = await ctx.accounts.changePassword({
    userId: viewer.userId,
    currentPassword: args.currentPassword,
    newPassword: args.newPassword,
    ip: ctx.ip,
  });
  if (!changed.ok) {
    const refusal = failed(changed);
    // The core's INVALID_INPUT here can only be the new password's length: say so.
    if (changed.code === "INVALID_INPUT") refusal.message = `Choose a new password of ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters.`;
    return refusal;
  }
  const others = await endOtherSessionsAfterChange(ctx, viewer);
  if (others === "ended") return succeeded("Password changed. Every other browser signed in to your account was signed out.");
  // Never "signed out" when they weren't: the user changing a password to lock someone out must know.
  return succeeded(others === "failed" ? `${successMessages.passwordChanged} ${successMessages.otherSessionsNotEnded}` : successMessages.passwordChanged);
}
