import type { ErrorCode, TwoFactorService, TwoFactorWithAuthenticators } from "@twostep/core";
import type { TrustedDevices } from "@twostep/core";

/**
 * Everything a resolver may use, as plain values and functions. Nothing here is a web framework:
 * the host fills it from its own session (the Next.js reference app from Auth.js, a RedwoodJS or
 * CedarJS api side from its auth provider; see the package README).
 */
export type GraphQLViewer =
  | { kind: "anonymous" }
  /** Password checked, second factor still owed: may only ask for, and enter, the sign-in code. */
  | { kind: "pending"; userId: string; email: string }
  /** `signedInAtMs`: when the session passed its second factor; changing the phone needs it recent. */
  | { kind: "full"; userId: string; email: string; signedInAtMs: number };

export type PendingViewer = Extract<GraphQLViewer, { kind: "pending" }>;
export type FullViewer = Extract<GraphQLViewer, { kind: "full" }>;
export type SignedInViewer = PendingViewer | FullViewer;

/**
 * The second factor a pending session offers: the SMS code (verifyOtp), a backup code
 * (verifyBackupCode) or an authenticator app's code (verifyAuthenticatorCode).
 */
export type SecondFactorProof = { factor: "sms" | "backup_code" | "totp"; code: string };

/** What completing sign-in answers: the core's result for that factor, reduced to what the API reads. */
export type SecondFactorResult =
  | { ok: true }
  /** `undelivered`: the core's check found the code's SMS reported lost (twoFactor.checksReportDelivery). */
  | { ok: false; code: ErrorCode; attemptsLeft?: number; retryAfterSeconds?: number; undelivered?: boolean };

/** The core's two-factor service (`twostep.twoFactor`), as far as the API uses it. */
export type GraphQLTwoFactor = Pick<
  TwoFactorService,
  | "profile"
  | "sendSignInCode"
  | "requestCodeForSignedInUser"
  | "beginPhoneEnrollment"
  | "confirmPhoneEnrollment"
  | "enableTwoFactor"
  | "disableTwoFactor"
  | "deliveryProblem"
> &
  /** True when a wrong code's result says itself whether its SMS arrived; deliveryProblem is then not asked. */
  Partial<Pick<TwoFactorService, "checksReportDelivery">> &
  /**
   * With authenticator apps (`twostep.twoFactor` from createTwoStep has them): the factors a
   * sign-in may use, and "try another way". Without them, SMS and backup codes are all there is.
   */
  Partial<Pick<TwoFactorWithAuthenticators, "availableSecondFactors" | "chooseSignInFactor">>;

/** One signed-in browser of the viewer, as the host's session store knows it. */
export type GraphQLSessionRecord = {
  /** The host's own id of the session; never sent to clients as is (./public-session-id.ts). */
  id: string;
  /** "Firefox on macOS", or null when unknown. */
  device: string | null;
  ip: string | null;
  /** Epoch milliseconds. */
  createdAtMs: number;
  /** Epoch milliseconds; coarse (a store may write it only every few minutes). */
  lastSeenAtMs: number;
  /** What passed the second step ("sms", "totp", "backup_code", "password" when none was owed), or null. */
  factor: string | null;
  /** The session this request came with. */
  current: boolean;
};

/**
 * The host's server-side sessions, for mySessions, endSession and endOtherSessions. Every call
 * gets the viewer requireViewer already narrowed to a full session; the host answers for that
 * viewer's user only. `@twostep/next-auth`'s listSessions / endSession / endOtherSessions fit as
 * they are; a host with its own session table writes these three over it.
 */
export type GraphQLSessions = {
  /** The viewer's live sessions, the current one marked. */
  list(viewer: FullViewer): Promise<GraphQLSessionRecord[]>;
  /** Ends one session of the viewer's user by the host's id; false when it is not theirs or gone. */
  end(viewer: FullViewer, id: string): Promise<boolean>;
  /** Ends every session of the viewer's user except the current one; answers how many ended. */
  endOthers(viewer: FullViewer): Promise<number>;
};

/**
 * Password change, for a host whose passwords twostep's accounts keep (`twostep.accounts` fits).
 * The core checks the current password under its own limit and refuses common passwords.
 */
export type GraphQLAccounts = {
  changePassword(input: {
    userId: string;
    currentPassword: string;
    newPassword: string;
    ip: string | null;
  }): Promise<{ ok: true } | { ok: false; code: ErrorCode; retryAfterSeconds?: number }>;
};

/** The core's trusted browsers (`twostep.trustedDevices` fits as it is), for the viewer's user only. */
export type GraphQLTrustedDevices = Pick<TrustedDevices, "list" | "revoke" | "revokeAll">;

export type TwoStepGraphQLContext = {
  viewer: GraphQLViewer;
  /** The client address for the core's per-IP limits, or null when unknown. */
  ip: string | null;
  twoFactor: GraphQLTwoFactor;
  /**
   * Checks the second factor through the core (`twoFactor.completeSignIn` for "sms",
   * `twoFactor.completeSignInWithBackupCode` for "backup_code") and, only if it passed, replaces
   * the pending session with a fresh full one: a new cookie or token, never the pending one
   * edited. `completeSignInThroughCore` builds this from a function that only upgrades the session.
   */
  completeSignIn(viewer: PendingViewer, proof: SecondFactorProof): Promise<SecondFactorResult>;
  /** Without it (or null: the feature is off), trustedDevices is empty and there is nothing to revoke. */
  trustedDevices?: GraphQLTrustedDevices | null;
  /** Without it, mySessions, endSession and endOtherSessions answer NOT_SUPPORTED. */
  sessions?: GraphQLSessions;
  /** Without it (passwords kept by the host, not twostep), changePassword answers NOT_SUPPORTED. */
  accounts?: GraphQLAccounts;
};
