import { createSchema, createYoga, type Plugin, type YogaInitialContext, type YogaLogger } from "graphql-yoga";
import type { Logger } from "@twostep/core";
import { hostCodeChecksRule } from "./code-operations-rule.js";
import type { TwoStepGraphQLContext } from "./context.js";
import { documentLimitsPlugin } from "./document-limits-plugin.js";
import { maskUnexpectedError } from "./mask-error.js";
import { CSRF_HEADER, requestGuardPlugin } from "./request-guard-plugin.js";
import { resolvers } from "./resolvers.js";
import { typeDefs } from "./type-defs.js";

export function createTwoStepSchema() {
  return createSchema<TwoStepGraphQLContext>({ typeDefs, resolvers });
}

export type TwoStepPluginOptions = {
  /** Introspection and "Did you mean" hints: development only. */
  exposeSchema: boolean;
  /**
   * Your own Mutation fields that check a password or a code, or cost like one: your signIn,
   * your signUp (it hashes a password). They count with twostep's code checks (verifyOtp,
   * changePassword, …), at most one of all of them per document, so aliases can't run
   * `a: signIn(…) b: signIn(…) …` as many guesses in one request. A document with more gets
   * TOO_MANY_CODE_OPERATIONS. Default: none.
   */
  countAsCodeChecks?: readonly string[];
};

/**
 * The HTTP gate (request-guard-plugin.ts) and the document limits, for a yoga server of your own
 * (a RedwoodJS or CedarJS `extraPlugins`). They apply to every request that server answers.
 */
export function twoStepPlugins(options: TwoStepPluginOptions): Plugin[] {
  const plugins = [requestGuardPlugin(), documentLimitsPlugin({ exposeSchema: options.exposeSchema })];
  const hostChecks = options.countAsCodeChecks ?? [];
  if (hostChecks.length > 0) {
    const rule = hostCodeChecksRule(hostChecks);
    plugins.push({
      onValidate({ addValidationRule }) {
        addValidationRule(rule);
      },
    });
  }
  return plugins;
}

export type TwoStepYogaOptions = {
  /** The path the server answers on, e.g. "/api/graphql". */
  graphqlEndpoint: string;
  /** GraphiQL, introspection and "Did you mean" hints: development only. */
  exposeSchema: boolean;
  logger: Logger;
  /** Builds the per-request context; runs only for requests that passed the HTTP gate. */
  context: (initial: YogaInitialContext) => Promise<TwoStepGraphQLContext>;
  /** The host's Fetch API classes (Next.js wants its own Response back). */
  fetchAPI?: { Response?: typeof Response };
};

/**
 * The whole GraphQL server, for a host without one. Framework-free: the caller supplies the
 * session (in `context`) and, if it wants its own, the Response class (the Next.js reference app
 * does, in apps/web/src/app/api/graphql/route.ts).
 */
export function createTwoStepYoga(options: TwoStepYogaOptions) {
  return createYoga<object, TwoStepGraphQLContext>({
    schema: createTwoStepSchema(),
    graphqlEndpoint: options.graphqlEndpoint,
    context: options.context,
    plugins: twoStepPlugins({ exposeSchema: options.exposeSchema }),
    // One operation per request: a batch would multiply guesses and sends per HTTP call.
    batching: false,
    // Yoga's default CORS echoes any Origin with credentials allowed, which would approve exactly
    // the cross-site preflight the CSRF header relies on being refused. Same-origin only.
    cors: false,
    multipart: false,
    landingPage: false,
    graphiql: options.exposeSchema ? { title: "twostep", headers: JSON.stringify({ [CSRF_HEADER]: "1" }, null, 2) } : false,
    maskedErrors: { maskError: maskUnexpectedError },
    // The request guard's parser reads the body within MAX_REQUEST_BODY_BYTES itself (a bigger one
    // is a 413 before the rest is read). Yoga's own limit would pipe every body through a second
    // stream and rebuild the Request around it: about 5 % of a check's CPU, for no extra refusal.
    maxRequestBodySize: false,
    logging: yogaLogger(options.logger),
    fetchAPI: options.fetchAPI,
  });
}

export type TwoStepYoga = ReturnType<typeof createTwoStepYoga>;

/** Yoga's own chatter is debug noise; its errors are the originals behind masked answers. */
function yogaLogger(logger: Logger): YogaLogger {
  return {
    debug: () => undefined,
    info: () => undefined,
    warn: (...args: unknown[]) => logger.warn({ detail: args[0] }, "graphql warning"),
    error: (...args: unknown[]) => logger.error({ err: args[0] }, "graphql: unexpected error"),
  };
}
