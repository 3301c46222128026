import { createLogger as createCedarLogger } from "@cedarjs/api/logger";
import { createGraphQLHandler } from "@cedarjs/graphql-server";
import { twoStepPlugins } from "@twostep/graphql";
import { openApi, serveApi, type LambdaHandler, type ServerOptions } from "@twostep/example-graphql-api-common";
import { cedarPlugins, cedarServices } from "./cedar-interop.js";
import { directives } from "./directives.js";

/** The whole api side: the shared app and twostep core (graphql-api-common), Cedar's real GraphQL handler, node:http. */
export async function startServer(options: ServerOptions) {
  const api = await openApi({ ...options, appName: "Cedar example" });
  const handler = createGraphQLHandler({
    loggerConfig: { logger: createCedarLogger({ options: { level: "warn" }, destination: options.frameworkLogDestination }), options: {} },
    sdls: api.graphql.sdls,
    services: cedarServices(api.graphql.services),
    directives,
    context: api.graphql.context,
    authDecoder: api.auth.authDecoder,
    getCurrentUser: api.auth.getCurrentUser,
    // The CSRF header, POST + JSON only, no batches, size limits, one code operation per document,
    // this app's signIn and signUp counted as code checks.
    extraPlugins: cedarPlugins(twoStepPlugins({ exposeSchema: false, countAsCodeChecks: api.graphql.countAsCodeChecks })),
    allowIntrospection: false,
    allowGraphiQL: false,
    // `cors` stays unset: Cedar then answers no CORS preflight, which the CSRF header relies on.
  }) as unknown as LambdaHandler;
  return serveApi(api, handler, options);
}
