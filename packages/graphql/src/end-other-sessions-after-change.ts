import { successMessages } from "@twostep/core";
import type { FullViewer, TwoStepGraphQLContext } from "./context.js";

/**
 * After a change to how the account signs in (2FA on or off, a new phone proved, a new password),
 * every other session of the user ends, as the web app's security page does: a browser signed in
 * before the change, say with a stolen password before 2FA went on, must not outlive it. The
 * session making the change stays. A host without server-side sessions (no `ctx.sessions`) has
 * none to end.
 *
 * Ending them failing must not turn the change into an error: it was made, and turning 2FA on
 * shows its backup codes only in this answer. So the caller still answers success, and says
 * the other browsers are still signed in (successMessages.otherSessionsNotEnded) rather than letting the user
 * believe the change locked someone out; the sessions still end at their idle timeout.
 */
export async function endOtherSessionsAfterChange(ctx: TwoStepGraphQLContext, viewer: FullViewer): Promise<"ended" | "no-sessions" | "failed"> {
  if (!ctx.sessions) return "no-sessions";
  try {
    await ctx.sessions.endOthers(viewer);
    return "ended";
  } catch {
    return "failed";
  }
}

/** The success message of a change, with successMessages.otherSessionsNotEnded after it when ending the others failed. */
export async function messageAfterChange(ctx: TwoStepGraphQLContext, viewer: FullViewer, message: string): Promise<string> {
  return (await endOtherSessionsAfterChange(ctx, viewer)) === "failed" ? `${message} ${successMessages.otherSessionsNotEnded}` : message;
}
