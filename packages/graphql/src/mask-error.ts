import type { GraphQLError } from "graphql";
import { createGraphQLError } from "graphql-yoga";
import { errorMessages } from "@twostep/core";
import { isGraphQLError } from "./is-graphql-error.js";

/**
 * What a client sees of an error nobody planned for: the core's UNAVAILABLE code and message,
 * never the error itself (yoga logs the original through our logger). Errors the API raises on
 * purpose (GraphQLError all the way down: session refusals, request and validation errors) pass.
 */
export function maskUnexpectedError(error: unknown): Error {
  if (isDeliberate(error)) return error;
  const located = isGraphQLError(error) ? error : null;
  const http = located?.extensions.http;
  return createGraphQLError(errorMessages.UNAVAILABLE, {
    nodes: located?.nodes,
    source: located?.source,
    positions: located?.positions,
    path: located?.path,
    // `unexpected` lets yoga answer 500 when there is no data at all.
    extensions: { code: "UNAVAILABLE", unexpected: true, ...(http ? { http } : {}) },
  });
}

function isDeliberate(error: unknown): error is GraphQLError {
  if (!isGraphQLError(error)) return false;
  return error.originalError == null || isDeliberate(error.originalError);
}
