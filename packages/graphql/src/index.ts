/**
 * @twostep/graphql: the twostep GraphQL API for any graphql-yoga server. Everything a host may use
 * is named here; anything else may change without notice.
 */

// The schema.
export { typeDefs, typeDefsWithDirective } from "./type-defs.js";
export { resolvers } from "./resolvers.js";

// The operations as plain functions of (context, arguments), for a RedwoodJS or CedarJS service.
export {
  chooseSecondFactor,
  disableTwoFactorAuth,
  enableTwoFactorAuth,
  me,
  requestOtp,
  setPhoneNumber,
  verifyAuthenticatorCode,
  verifyBackupCode,
  verifyOtp,
  type Me,
} from "./operations.js";
export type { MutationResult } from "./mutation-result.js";
export { endOtherSessions, endSession, mySessions, type SessionSummary } from "./session-operations.js";
export { revokeAllTrustedDevices, revokeTrustedDevice, trustedDevices, type TrustedDeviceSummary } from "./trusted-device-operations.js";
export { changePassword } from "./password-operations.js";

// What the host provides per request.
export type {
  FullViewer,
  GraphQLAccounts,
  GraphQLSessionRecord,
  GraphQLSessions,
  GraphQLTrustedDevices,
  GraphQLTwoFactor,
  GraphQLViewer,
  PendingViewer,
  SecondFactorProof,
  SecondFactorResult,
  SignedInViewer,
  TwoStepGraphQLContext,
} from "./context.js";
export { completeSignInThroughCore, type CompleteSignInOptions } from "./complete-sign-in.js";

// The server: plugins for a yoga server of your own, or the whole server.
export {
  createTwoStepSchema,
  createTwoStepYoga,
  twoStepPlugins,
  type TwoStepPluginOptions,
  type TwoStepYoga,
  type TwoStepYogaOptions,
} from "./create-yoga.js";
export { CSRF_HEADER } from "./request-guard-plugin.js";
export { maskUnexpectedError } from "./mask-error.js";

// Refusals (GraphQL errors; outcomes come back in MutationResult with the core's ErrorCode).
export { GraphQLErrorCode } from "./errors.js";
export {
  MAX_CODE_CHECKS_PER_DOCUMENT,
  MAX_CODE_SENDS_PER_DOCUMENT,
  MAX_DOCUMENT_TOKENS,
  MAX_FIELDS_PER_OPERATION,
  MAX_REQUEST_BODY_BYTES,
  MAX_SELECTION_DEPTH,
} from "./limits.js";
