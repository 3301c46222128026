import { twoStepSession } from "./two-step-session";

/**
 * The one server-side check that decides "fully signed in": every protected page, server action,
 * route handler and the GraphQL API goes through it. The proxy redirects early, but it is never
 * the only guard.
 */
export const { getViewer, requireFullViewer, requirePendingViewer } = twoStepSession;
export type { FullViewer, PendingViewer, Viewer } from "@twostep/next-auth";
