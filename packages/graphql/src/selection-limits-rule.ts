import type { ASTVisitor, SelectionSetNode, ValidationContext } from "graphql";
import { createGraphQLError } from "graphql-yoga";
import { GraphQLErrorCode } from "./errors.js";

type Size = { depth: number; fields: number };

/**
 * Refuses an operation nested deeper than `maxDepth` or selecting more than `maxFields` fields,
 * counted through fragments as they will execute: an aliased field counts once per alias, a
 * fragment once per use. Fragment sizes are memoised: a chain of fragments that each spread the
 * next twice would otherwise cost 2^n steps to measure, the very blow-up this rule exists to stop.
 */
export function selectionLimitsRule(limits: { maxDepth: number; maxFields: number }) {
  return (context: ValidationContext): ASTVisitor => {
    const fragmentSizes = new Map<string, Size>();
    const measuring = new Set<string>();

    function fragmentSize(name: string): Size {
      const known = fragmentSizes.get(name);
      if (known) return known;
      const fragment = context.getFragment(name);
      // Unknown fragments and cycles are reported by graphql's own rules; count them as empty.
      if (!fragment || measuring.has(name)) return { depth: 0, fields: 0 };
      measuring.add(name);
      const size = measure(fragment.selectionSet);
      measuring.delete(name);
      fragmentSizes.set(name, size);
      return size;
    }

    function measure(selectionSet: SelectionSetNode): Size {
      let depth = 0;
      let fields = 0;
      for (const selection of selectionSet.selections) {
        // Introspection (`__schema`, `__type`) is refused outside development, where GraphiQL's
        // own schema query, ten levels deep, must pass; `__typename` costs nothing.
        if (selection.kind === "Field" && selection.name.value.startsWith("__")) continue;
        let inner: Size;
        if (selection.kind === "Field") {
          const below = selection.selectionSet ? measure(selection.selectionSet) : { depth: 0, fields: 0 };
          inner = { depth: below.depth + 1, fields: below.fields + 1 };
        } else if (selection.kind === "InlineFragment") {
          inner = measure(selection.selectionSet);
        } else {
          inner = fragmentSize(selection.name.value);
        }
        depth = Math.max(depth, inner.depth);
        fields += inner.fields;
      }
      return { depth, fields };
    }

    return {
      OperationDefinition(node) {
        const size = measure(node.selectionSet);
        if (size.depth > limits.maxDepth || size.fields > limits.maxFields) {
          context.reportError(
            createGraphQLError(
              `The operation is too large: ${size.depth} levels deep and ${size.fields} fields; the limits are ${limits.maxDepth} and ${limits.maxFields}.`,
              { nodes: [node], extensions: { code: GraphQLErrorCode.QUERY_TOO_COMPLEX } },
            ),
          );
        }
        return false;
      },
    };
  };
}
