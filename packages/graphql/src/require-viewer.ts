import type { FullViewer, GraphQLViewer, SignedInViewer } from "./context";
import { secondFactorRequired, unauthenticated } from "./errors";

/**
 * The one session check of the GraphQL API: every resolver starts with it, and what it returns
 * is the only viewer the resolver gets, already narrowed. No session: UNAUTHENTICATED. A
 * password-only session where a full one is needed: SECOND_FACTOR_REQUIRED.
 */
export function requireViewer(ctx: { viewer: GraphQLViewer }, need: "full"): FullViewer;
export function requireViewer(ctx: { viewer: GraphQLViewer }, need: "pending-or-full"): SignedInViewer;
export function requireViewer(ctx: { viewer: GraphQLViewer }, need: "full" | "pending-or-full"): SignedInViewer {
  const { viewer } = ctx;
  if (viewer.kind === "anonymous") throw unauthenticated();
  if (need === "full" && viewer.kind !== "full") throw secondFactorRequired();
  return viewer;
}
