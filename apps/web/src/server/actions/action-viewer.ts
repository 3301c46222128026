import { redirect } from "next/navigation";
import { getViewer, type FullViewer, type PendingViewer } from "../auth/viewer";

/*
 * The session checks for server actions. A page's guard redirects an anonymous visitor; an action
 * must not: the form is already on screen, and "session ended" is an answer the form can show
 * with the email still in it. A session of the other stage (signed in fully in another tab while
 * this one sat at the code page) still redirects, as the pages do.
 */

/** The pending session, or null when there is none any more. */
export async function pendingViewerOrEnded(): Promise<PendingViewer | null> {
  const viewer = await getViewer();
  if (viewer.kind === "anonymous") return null;
  if (viewer.kind === "full") redirect("/dashboard");
  return viewer;
}

/** The full session, or null when there is none any more. */
export async function fullViewerOrEnded(): Promise<FullViewer | null> {
  const viewer = await getViewer();
  if (viewer.kind === "anonymous") return null;
  if (viewer.kind === "pending") redirect("/verify");
  return viewer;
}
