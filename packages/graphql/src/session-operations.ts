import type { GraphQLSessions, TwoStepGraphQLContext } from "./context.js";
import { notSupported } from "./errors.js";
import type { MutationResult } from "./mutation-result.js";
import { publicSessionId } from "./public-session-id.js";
import { requireViewer } from "./require-viewer.js";

/**
 * The viewer's sessions (the security page's "Where you're signed in"), for a full session only:
 * a password-only one could otherwise end the sessions of the person it is trying to get past.
 */

export type SessionSummary = {
  /** Opaque (./public-session-id.ts): what endSession takes, nothing else. */
  id: string;
  device: string | null;
  ip: string | null;
  /** ISO 8601. */
  createdAt: string;
  /** ISO 8601; coarse, like the store's own. */
  lastSeenAt: string;
  factor: string | null;
  current: boolean;
};

function sessionsOf(ctx: TwoStepGraphQLContext): GraphQLSessions {
  if (!ctx.sessions) throw notSupported("a list of sessions");
  return ctx.sessions;
}

export async function mySessions(ctx: TwoStepGraphQLContext): Promise<SessionSummary[]> {
  const viewer = requireViewer(ctx, "full");
  const records = await sessionsOf(ctx).list(viewer);
  return Promise.all(
    records.map(async (record) => ({
      id: await publicSessionId(record.id),
      device: record.device,
      ip: record.ip,
      createdAt: new Date(record.createdAtMs).toISOString(),
      lastSeenAt: new Date(record.lastSeenAtMs).toISOString(),
      factor: record.factor,
      current: record.current,
    })),
  );
}

const result = (success: boolean, message: string, code: MutationResult["code"] = null): MutationResult => ({
  success,
  message,
  code,
  retryAfterSeconds: null,
  attemptsLeft: null,
  backupCodes: null,
});

/**
 * Ends one of the viewer's other sessions. The id is matched against the viewer's own list only,
 * so another user's session, an unknown id and one that already ended all get the same NOT_FOUND.
 * The current session is not ended here (that is signing out, which the host owns).
 */
export async function endSession(ctx: TwoStepGraphQLContext, args: { id: string }): Promise<MutationResult> {
  const viewer = requireViewer(ctx, "full");
  const sessions = sessionsOf(ctx);
  const records = await sessions.list(viewer);
  let match: (typeof records)[number] | undefined;
  for (const record of records) {
    if ((await publicSessionId(record.id)) === args.id) match = record;
  }
  if (match?.current) return result(false, "That is the session you are using: sign out to end it.", "INVALID_INPUT");
  if (!match || !(await sessions.end(viewer, match.id))) {
    return result(false, "There is no such session: it may have ended already.", "NOT_FOUND");
  }
  return result(true, "That browser is signed out.");
}

/** "Sign out everywhere else": every session of the viewer's user but this one ends. */
export async function endOtherSessions(ctx: TwoStepGraphQLContext): Promise<MutationResult> {
  const viewer = requireViewer(ctx, "full");
  const ended = await sessionsOf(ctx).endOthers(viewer);
  return result(true, ended === 1 ? "1 other browser is signed out." : `${ended} other browsers are signed out.`);
}
