/**
 * @twostep/next-auth: the pending/full session stage for Auth.js v5 on the Next.js App Router.
 * A session that passed only its first factor stays "pending" until server code, after the core
 * accepted a second factor, mints a new "full" one. Everything a host may use is named here;
 * anything else may change without notice.
 */
export { createTwoStepSession, type TwoStepSession } from "./create-two-step-session.js";
export type { HostAuthConfig, TwoStepAuthorizedUser } from "./auth-config.js";
export type {
  AuthenticatorSignInCheck,
  EnrollmentSignInCheck,
  CompleteAuthenticatorSignInInput,
  CompleteAuthenticatorSignInResult,
  CompleteEnrollmentSignInInput,
  CompleteEnrollmentSignInResult,
  CompleteBackupSignInInput,
  CompleteBackupSignInResult,
  CompleteSignInInput,
  CompleteSignInResult,
  SessionEndedRefusal,
  SignInChecks,
} from "./complete-sign-in.js";
export { FULL_SESSION_SECONDS_DEFAULT, TwoStepSessionConfigError, type SessionSettings, type TwoStepPaths, type TwoStepSessionOptions } from "./options.js";
export type { AnonymousViewer, FullViewer, PendingViewer, Viewer } from "./viewer.js";
export type { SessionGate } from "./session-gate.js";
export { TRUSTED_DEVICE_FACTOR, trustedDeviceCookieName, type TrustedDeviceChecks } from "./trusted-browser.js";
