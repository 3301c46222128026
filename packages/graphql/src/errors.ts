import type { GraphQLError } from "graphql";
import { createGraphQLError } from "graphql-yoga";

/**
 * Errors the GraphQL layer raises itself, beside the core's codes (which come back inside
 * MutationResult). `extensions.code` is what clients and tests branch on.
 */
export const GraphQLErrorCode = {
  /** No session, or the session names a user that no longer exists. */
  UNAUTHENTICATED: "UNAUTHENTICATED",
  /** A password-only session asked for something that needs the SMS code first. */
  SECOND_FACTOR_REQUIRED: "SECOND_FACTOR_REQUIRED",
  /** A fully signed-in session offered a second factor (verifyBackupCode): there is no sign-in to finish. */
  ALREADY_SIGNED_IN: "ALREADY_SIGNED_IN",
  /** The request is not a JSON POST with the CSRF header (docs/graphql.md, "Requests"). */
  CSRF_REJECTED: "CSRF_REJECTED",
  /** The body is not one JSON object with a `query` string. */
  BAD_REQUEST: "BAD_REQUEST",
  /** The body is over MAX_REQUEST_BODY_BYTES (./limits.ts). */
  REQUEST_ENTITY_TOO_LARGE: "REQUEST_ENTITY_TOO_LARGE",
  /** Too deep or too many fields. */
  QUERY_TOO_COMPLEX: "QUERY_TOO_COMPLEX",
  /** More than one code check, or more than one code send, in one document. */
  TOO_MANY_CODE_OPERATIONS: "TOO_MANY_CODE_OPERATIONS",
  /** The host did not give the API what this field needs (sessions, or passwords kept by twostep). */
  NOT_SUPPORTED: "NOT_SUPPORTED",
  /** An argument the schema can't check has the wrong shape (setPhoneNumber's country); `argument` names it. */
  BAD_USER_INPUT: "BAD_USER_INPUT",
} as const;

export type GraphQLErrorCode = (typeof GraphQLErrorCode)[keyof typeof GraphQLErrorCode];

export function unauthenticated(): GraphQLError {
  return createGraphQLError("Sign in first.", { extensions: { code: GraphQLErrorCode.UNAUTHENTICATED } });
}

export function secondFactorRequired(): GraphQLError {
  return createGraphQLError("Enter the code we sent by SMS to finish signing in first.", {
    extensions: { code: GraphQLErrorCode.SECOND_FACTOR_REQUIRED },
  });
}

export function alreadySignedIn(): GraphQLError {
  return createGraphQLError("You are already signed in.", { extensions: { code: GraphQLErrorCode.ALREADY_SIGNED_IN } });
}

/** A request the parser refuses, with the HTTP status it deserves. */
export function requestError(
  code: typeof GraphQLErrorCode.BAD_REQUEST | typeof GraphQLErrorCode.REQUEST_ENTITY_TOO_LARGE,
  message: string,
  status: number,
): GraphQLError {
  return createGraphQLError(message, { extensions: { code, http: { status } } });
}

/** A field the host can't serve: it passed no sessions (or no accounts) in the context. */
export function notSupported(what: string): GraphQLError {
  return createGraphQLError(`This server does not offer ${what} through this API.`, { extensions: { code: GraphQLErrorCode.NOT_SUPPORTED } });
}

/**
 * An argument of the wrong shape: a client's mistake, so a 400 that names the argument, never a
 * core call with a value the core would quietly ignore.
 */
export function badUserInput(argument: string, message: string): GraphQLError {
  return createGraphQLError(message, { extensions: { code: GraphQLErrorCode.BAD_USER_INPUT, argument, http: { status: 400 } } });
}
