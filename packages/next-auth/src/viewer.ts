import type { SessionSettings } from "./options.js";
import type { SessionClaims } from "./session-claims.js";

/**
 * Who is asking. `pending`: the first factor passed and a second one is owed; such a session may
 * see the code form and nothing else. `full`: signed in.
 */
export type Viewer = AnonymousViewer | PendingViewer | FullViewer;
export type AnonymousViewer = { kind: "anonymous" };
export type PendingViewer = { kind: "pending"; userId: string; email: string };
/** `signedInAtMs`: when this session passed its second factor (or its password, without 2FA). */
export type FullViewer = { kind: "full"; userId: string; email: string; signedInAtMs: number };

export async function viewerFromClaims(claims: SessionClaims | null, settings: SessionSettings): Promise<Viewer> {
  if (!claims) return { kind: "anonymous" };
  // A token outlives its account if the account is deleted: such a session is no session.
  if (!(await settings.userExists(claims.sub))) return { kind: "anonymous" };
  if (claims.stage === "pending") return { kind: "pending", userId: claims.sub, email: claims.email };
  return { kind: "full", userId: claims.sub, email: claims.email, signedInAtMs: claims.stageSince };
}
