import type { SessionSettings } from "./options.js";
import type { SessionClaims } from "./session-claims.js";

/**
 * Who is asking. `pending`: the first factor passed and a second one is owed; such a session may
 * see the code form and nothing else. `full`: signed in.
 */
export type Viewer = AnonymousViewer | PendingViewer | FullViewer;
export type AnonymousViewer = { kind: "anonymous" };
/**
 * `sessionId`: the server-side record of this session; null without a session gate. Optional so a
 * viewer rebuilt by a host (a GraphQL context, say) still type-checks; the stage then reads the
 * cookie again where it needs the id.
 */
export type PendingViewer = { kind: "pending"; userId: string; email: string; sessionId?: string | null };
/**
 * `signedInAtMs`: when this session passed its second factor (or its password, without 2FA).
 * `factor`: what passed that step ("sms", "totp", "backup_code", or "password" when none was
 * owed), from the server-side record when there is one, else from the token; null when unknown
 * (a token older than the claim). Settings ask for a factor, not a password, before changing one.
 */
export type FullViewer = { kind: "full"; userId: string; email: string; signedInAtMs: number; sessionId?: string | null; factor?: string | null };

export async function viewerFromClaims(claims: SessionClaims | null, settings: SessionSettings): Promise<Viewer> {
  if (!claims) return { kind: "anonymous" };
  // With a gate, the cookie is only a pointer: the record decides. One read by primary key (or
  // one HGETALL in Redis); a signed-out, expired, idle or ended-elsewhere session stops here.
  let sessionId: string | null = null;
  let factor: string | null = claims.factor ?? null;
  if (settings.sessions) {
    const record = await settings.sessions.check(claims.sid);
    if (!record || record.userId !== claims.sub || record.stage !== claims.stage) return { kind: "anonymous" };
    sessionId = record.id;
    factor = record.factor ?? factor;
  }
  // A token outlives its account if the account is deleted: such a session is no session.
  if (!(await settings.userExists(claims.sub))) return { kind: "anonymous" };
  if (claims.stage === "pending") return { kind: "pending", userId: claims.sub, email: claims.email, sessionId };
  return { kind: "full", userId: claims.sub, email: claims.email, signedInAtMs: claims.stageSince, sessionId, factor };
}
