import type { ASTVisitor, ValidationContext } from "graphql";
import { createGraphQLError } from "graphql-yoga";

/**
 * Refuses `__schema` and `__type`, the introspection entry points (`__typename` stays allowed:
 * clients such as Apollo add it everywhere). graphql ships NoSchemaIntrospectionCustomRule, but
 * it checks types with instanceof, which fails when two builds of graphql are loaded (see
 * ./is-graphql-error.ts); the field names are all this needs.
 */
export function noIntrospectionRule(context: ValidationContext): ASTVisitor {
  return {
    Field(node) {
      const name = node.name.value;
      if (name === "__schema" || name === "__type") {
        context.reportError(
          createGraphQLError(`Introspection is disabled; "${name}" can't be queried.`, {
            nodes: [node],
            extensions: { code: "GRAPHQL_VALIDATION_FAILED" },
          }),
        );
      }
    },
  };
}
