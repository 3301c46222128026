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
  // A token outlives its account if the account is deleted: such a session is no session. A gate
  // that reads the session with its user (checksUser) already says so; otherwise the host's
  // userExists runs beside the session read, so the request waits for one round trip, not two.
  const gate = settings.sessions;
  const userCheck = gate?.checksUser === true ? null : settings.userExists(claims.sub);
  // With a gate, the cookie is only a pointer: the record decides. One read by primary key (or
  // one HGETALL in Redis); a signed-out, expired, idle or ended-elsewhere session stops here.
  let sessionId: string | null = null;
  let factor: string | null = claims.factor ?? null;
  if (gate) {
    // Promise.all listens to both: a failing user read is an error here, never an unhandled one.
    const [record, userExists] = await Promise.all([gate.check(claims.sid), userCheck]);
    if (!record || record.userId !== claims.sub || record.stage !== claims.stage) return { kind: "anonymous" };
    if (userExists === false) return { kind: "anonymous" };
    sessionId = record.id;
    factor = record.factor ?? factor;
  } else if (!(await userCheck)) {
    return { kind: "anonymous" };
  }
  if (claims.stage === "pending") return { kind: "pending", userId: claims.sub, email: claims.email, sessionId };
  return { kind: "full", userId: claims.sub, email: claims.email, signedInAtMs: claims.stageSince, sessionId, factor };
}
