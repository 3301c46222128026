import type { ChallengeService, TwoFactorService, VerifyResult } from "@twostep/core";

/**
 * Everything a resolver may use, as plain values and functions. Nothing here is Next.js: the
 * Next route handler (src/app/api/graphql/route.ts) fills it from Auth.js, and any other
 * graphql-yoga server (a RedwoodJS api side, docs/redwood.md) can fill it from its own session.
 */
export type GraphQLViewer =
  | { kind: "anonymous" }
  /** Password checked, SMS code still owed: may only ask for, and enter, the sign-in code. */
  | { kind: "pending"; userId: string; email: string }
  /** `signedInAtMs`: when the session passed its second factor; changing the phone needs it recent. */
  | { kind: "full"; userId: string; email: string; signedInAtMs: number };

export type PendingViewer = Extract<GraphQLViewer, { kind: "pending" }>;
export type FullViewer = Extract<GraphQLViewer, { kind: "full" }>;
export type SignedInViewer = PendingViewer | FullViewer;

/** What `me` shows of an account. */
export type TwoFactorProfile = { email: string; phoneLastDigits: string | null; twoFactorEnabled: boolean };

/**
 * The account operations the API needs, with the core's signatures. twostep's own account service
 * provides them (./core-accounts.ts); an app that keeps users elsewhere can implement them over
 * its own table and the core's challenge service (docs/redwood.md).
 */
export type TwoFactorAccounts = Pick<
  TwoFactorService,
  | "sendSignInCode"
  | "beginPhoneEnrollment"
  | "reverifyPhone"
  | "confirmPhoneEnrollment"
  | "enableTwoFactor"
  | "sendDisableCode"
  | "disableTwoFactor"
> & {
  /** Null when the account no longer exists. */
  profile(userId: string): Promise<TwoFactorProfile | null>;
};

export type TwoStepGraphQLContext = {
  viewer: GraphQLViewer;
  /** The client address for the core's per-IP limits, or null when unknown. */
  ip: string | null;
  accounts: TwoFactorAccounts;
  challenges: Pick<ChallengeService, "status" | "resend">;
  /**
   * Checks a sign-in code through the core and, only if it passed, replaces the pending session
   * with a fresh full one (a new cookie or token: never the pending one edited).
   */
  completeSignIn(viewer: PendingViewer, code: string): Promise<VerifyResult>;
};
