import { createLogger as createRedwoodLogger } from "@redwoodjs/api/logger";
import { createGraphQLHandler } from "@redwoodjs/graphql-server";
import { twoStepPlugins } from "@twostep/graphql";
import { openApi, serveApi, type LambdaHandler, type ServerOptions } from "@twostep/example-graphql-api-common";
import { directives } from "./directives.js";
import { redwoodPlugins, redwoodServices } from "./redwood-interop.js";

/** The whole api side: the shared app and twostep core (graphql-api-common), Redwood's real GraphQL handler, node:http. */
export async function startServer(options: ServerOptions) {
  const api = await openApi({ ...options, appName: "Redwood example" });
  const handler = createGraphQLHandler({
    loggerConfig: { logger: createRedwoodLogger({ options: { level: "warn" }, destination: options.frameworkLogDestination }), options: {} },
    sdls: api.graphql.sdls,
    services: redwoodServices(api.graphql.services),
    directives,
    context: api.graphql.context,
    authDecoder: api.auth.authDecoder,
    getCurrentUser: api.auth.getCurrentUser,
    // The CSRF header, POST + JSON only, no batches, size limits, one code operation per document,
    // this app's signIn and signUp counted as code checks.
    extraPlugins: redwoodPlugins(twoStepPlugins({ exposeSchema: false, countAsCodeChecks: api.graphql.countAsCodeChecks })),
    allowIntrospection: false,
    allowGraphiQL: false,
    // `cors` stays unset: Redwood then answers no CORS preflight, which the CSRF header relies on.
  }) as unknown as LambdaHandler;
  return serveApi(api, handler, options);
}
