import { AuthenticationError, createValidatorDirective } from "@cedarjs/graphql-server";
import { cedarSdl } from "./cedar-interop.js";

/**
 * Cedar's two auth directives, written as a Cedar app's api/src/directives would have them.
 * `currentUser` is set only for a full session (src/auth.ts in examples/graphql-api-common), so
 * @requireAuth keeps password-only sessions out too.
 */
const requireAuth = createValidatorDirective(cedarSdl("directive @requireAuth on FIELD_DEFINITION"), ({ context }) => {
  if (!context.currentUser) throw new AuthenticationError("You don't have permission to do that.");
});

/** Public fields, and twostep's own: each twostep operation checks the session stage itself. */
const skipAuth = createValidatorDirective(cedarSdl("directive @skipAuth on FIELD_DEFINITION"), () => {});

/** The shape createGraphQLHandler takes (a Cedar app gets it from a glob import of src/directives). */
export const directives = {
  requireAuth: { requireAuth, schema: requireAuth.schema },
  skipAuth: { skipAuth, schema: skipAuth.schema },
};
