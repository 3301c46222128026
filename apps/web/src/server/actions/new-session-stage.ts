import { getViewer } from "../auth/viewer";

/**
 * The stage of the session cookie that `signIn()` just set in this action (getViewer reads the
 * cookie as this action left it, not as the request brought it). Used only to pick where to send
 * the user next; the page there checks the session again, so a wrong answer costs a redirect,
 * never access.
 */
export async function newSessionStage(): Promise<"pending" | "full" | null> {
  const viewer = await getViewer();
  return viewer.kind === "anonymous" ? null : viewer.kind;
}
