import type { GraphQLError } from "graphql";

/**
 * `instanceof GraphQLError` without importing graphql: its ESM and CommonJS builds can both be
 * loaded in one process (yoga's dependencies get one, a bundler or test runner may hand us the
 * other), and an error from one is not an instance of the other's class. For the same reason this
 * folder takes graphql's runtime values from graphql-yoga (createGraphQLError) and imports only
 * types from "graphql".
 */
export function isGraphQLError(value: unknown): value is GraphQLError {
  return value instanceof Error && value.name === "GraphQLError";
}
