import type { GraphQLError } from "graphql";
import { createGraphQLError, type Plugin } from "graphql-yoga";
import { codeOperationsRule } from "./code-operations-rule.js";
import { isGraphQLError } from "./is-graphql-error.js";
import { MAX_DOCUMENT_TOKENS, MAX_FIELDS_PER_OPERATION, MAX_SELECTION_DEPTH } from "./limits.js";
import { noIntrospectionRule } from "./no-introspection-rule.js";
import { selectionLimitsRule } from "./selection-limits-rule.js";

/**
 * Limits on the GraphQL document itself, checked before anything executes: a token cap on the
 * parser, depth and field caps, one code check and one code send per document. Where the schema
 * is private (every environment but development) introspection is refused and validation
 * messages lose their "Did you mean …?" hints, which would otherwise spell the schema out.
 */
export function documentLimitsPlugin(options: { exposeSchema: boolean }): Plugin {
  return {
    onParse({ parseFn, setParseFn }) {
      setParseFn((source, parseOptions) => parseFn(source, { ...parseOptions, maxTokens: MAX_DOCUMENT_TOKENS }));
    },
    onValidate({ addValidationRule }) {
      addValidationRule(selectionLimitsRule({ maxDepth: MAX_SELECTION_DEPTH, maxFields: MAX_FIELDS_PER_OPERATION }));
      addValidationRule(codeOperationsRule);
      if (options.exposeSchema) return;
      addValidationRule(noIntrospectionRule);
      return ({ result, setResult }) => setResult(result.map(withoutSuggestions));
    },
  };
}

const SUGGESTION = /\s*Did you mean .*$/s;

function withoutSuggestions(error: Error): Error {
  if (!isGraphQLError(error) || !SUGGESTION.test(error.message)) return error;
  const stripped: GraphQLError = createGraphQLError(error.message.replace(SUGGESTION, ""), {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    extensions: error.extensions,
  });
  return stripped;
}
