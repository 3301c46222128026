import type { FullViewer, GraphQLViewer, PendingViewer, SignedInViewer } from "./context.js";
import { alreadySignedIn, secondFactorRequired, unauthenticated } from "./errors.js";

/**
 * The one session check of the GraphQL API: every resolver starts with it, and what it returns
 * is the only viewer the resolver gets, already narrowed. No session: UNAUTHENTICATED. A
 * password-only session where a full one is needed: SECOND_FACTOR_REQUIRED. A full session where
 * only a pending one makes sense (a second factor to finish signing in): ALREADY_SIGNED_IN.
 */
export function requireViewer(ctx: { viewer: GraphQLViewer }, need: "full"): FullViewer;
export function requireViewer(ctx: { viewer: GraphQLViewer }, need: "pending"): PendingViewer;
export function requireViewer(ctx: { viewer: GraphQLViewer }, need: "pending-or-full"): SignedInViewer;
export function requireViewer(ctx: { viewer: GraphQLViewer }, need: "full" | "pending" | "pending-or-full"): SignedInViewer {
  const { viewer } = ctx;
  if (viewer.kind === "anonymous") throw unauthenticated();
  if (need === "full" && viewer.kind !== "full") throw secondFactorRequired();
  if (need === "pending" && viewer.kind !== "pending") throw alreadySignedIn();
  return viewer;
}
