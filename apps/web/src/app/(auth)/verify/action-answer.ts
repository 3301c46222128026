import { headers } from "next/headers";
import { getViewer, requirePendingViewer, type FullViewer, type PendingViewer } from "@/server/auth/viewer";

/**
 * True while this render is the answer to a server action posted from the page (Next renders the
 * page again in the same request when the action set a cookie, and that request carries the
 * `Next-Action` header). A plain page load, a reload or a link never does.
 */
async function answersAnAction(): Promise<boolean> {
  return (await headers()).has("next-action");
}

/**
 * The pending session the code pages are for, or, only while answering an action that just made
 * the session full (required enrollment: "Turn on" upgrades it and returns the backup codes), that
 * full session, so the page stays on screen with the codes its form holds. The codes live only in
 * that answer: any later load of the page by a full session is redirected as before.
 */
export async function pendingViewerOrJustUpgraded(): Promise<PendingViewer | FullViewer> {
  const viewer = await getViewer();
  if (viewer.kind === "full" && (await answersAnAction())) return viewer;
  return requirePendingViewer();
}
