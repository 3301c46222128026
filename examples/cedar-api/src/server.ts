import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createLogger as createCedarLogger } from "@cedarjs/api/logger";
import { createGraphQLHandler } from "@cedarjs/graphql-server";
import { createTwoStep, type Logger } from "@twostep/core";
import { createOutboxSender } from "@twostep/core/outbox";
import { createSqlAuditLog, createSqlSmsLog, createSqlStateStore, type DatabaseOptions } from "@twostep/core/sql";
import { twoStepPlugins } from "@twostep/graphql";
import { createAuth } from "./auth.js";
import { openAppDatabase } from "./database.js";
import { directives } from "./directives.js";
import { createGraphQLParts } from "./graphql.js";
import { lambdaListener, type LambdaHandler } from "./http-adapter.js";
import { cedarPlugins } from "./cedar-interop.js";
import { createSessions } from "./sessions.js";
import { createAccountMutations } from "./sign-in.js";
import { createAppUserFactorStore } from "./user-factor-store.js";
import { createUsers } from "./users.js";

export type ServerOptions = {
  database: DatabaseOptions;
  /** The key twostep hashes codes under: 32+ random characters. */
  codeHashKey: string;
  /** 0 picks a free port. */
  port: number;
  host?: string;
  /** Secure cookies: true behind HTTPS. */
  secureCookies: boolean;
  logger: Logger;
};

/** The whole api side: this app's database, the twostep core over it, Cedar's real GraphQL handler, node:http. */
export async function startServer(options: ServerOptions) {
  const database = await openAppDatabase(options.database);
  const { db } = database;
  const cookies = { secure: options.secureCookies };
  const smsLog = createSqlSmsLog(db);
  const twostep = createTwoStep({
    codeHashKey: options.codeHashKey,
    store: createSqlStateStore(db),
    // Development delivery: every SMS lands in twostep's outbox table, none leaves the machine.
    sms: createOutboxSender({ logger: options.logger }),
    smsLog,
    audit: createSqlAuditLog(db),
    users: createAppUserFactorStore(db),
    // The SMS-pumping guard counts real sends to paid routes; the outbox sends none.
    pumping: false,
    logger: options.logger,
    policy: { appName: "Cedar example" },
  });
  const sessions = createSessions(db);
  const auth = createAuth(sessions);
  const accounts = createAccountMutations({ users: createUsers(db), sessions, twostep, cookies });
  const parts = createGraphQLParts({ twostep, auth, sessions, accounts, cookies });

  const handler = createGraphQLHandler({
    loggerConfig: { logger: createCedarLogger({ options: { level: "warn" } }), options: {} },
    sdls: parts.sdls,
    services: parts.services,
    directives,
    context: parts.context,
    authDecoder: auth.authDecoder,
    getCurrentUser: auth.getCurrentUser,
    // The CSRF header, POST + JSON only, no batches, one code operation per document, size limits.
    extraPlugins: cedarPlugins(twoStepPlugins({ exposeSchema: false })),
    allowIntrospection: false,
    allowGraphiQL: false,
    // `cors` stays unset: Cedar then answers no CORS preflight, which the CSRF header relies on.
  }) as unknown as LambdaHandler;

  const server: Server = createServer(lambdaListener(handler));
  await new Promise<void>((resolve) => server.listen(options.port, options.host ?? "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? "127.0.0.1"}:${port}/graphql`,
    smsLog,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await database.close();
    },
  };
}
