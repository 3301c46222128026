// What examples/redwood-api and examples/cedar-api share: everything of their api side that
// imports neither framework. Each example adds its directives, its framework's type casts and
// the createGraphQLHandler call (its src/server.ts).
export { openApi, serveApi, type Api, type ExampleServer, type ServerOptions } from "./api.js";
export type { Auth, CurrentUser, DecodedSession, LambdaEvent, SessionDecoder } from "./auth.js";
export { SESSION_COOKIE } from "./cookies.js";
export { openAppDatabase } from "./database.js";
export { serverOptionsFromEnv } from "./env.js";
export type { GraphQLParts, Sdls, Service, ServiceContext } from "./graphql.js";
export type { LambdaHandler, RequestScope } from "./http-adapter.js";
export { createAppUserFactorStore } from "./user-factor-store.js";
export { createUsers } from "./users.js";
