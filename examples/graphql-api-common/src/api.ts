import { createSecurityNotices, createTwoStep, startExpiredDataSweeper, type Logger } from "@twostep/core";
import { createOutboxSender } from "@twostep/core/outbox";
import { createSqlAuditLog, createSqlExpiredData, createSqlMailOutbox, createSqlNoticeOutbox, createSqlSmsLog, createSqlStateStore, type DatabaseOptions } from "@twostep/core/sql";
import { createAuth } from "./auth.js";
import { openAppDatabase } from "./database.js";
import { createGraphQLParts } from "./graphql.js";
import { listenLambda, type LambdaHandler } from "./http-adapter.js";
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
  /** Where the framework's own logger writes (its default: stdout); the tests read its lines. */
  frameworkLogDestination?: { write(line: string): void };
};

/**
 * Everything of the api side that no framework touches: this app's database, the twostep core
 * over it, sessions, the auth hooks and the GraphQL parts a framework's createGraphQLHandler takes.
 * `appName` names the app in twostep's SMS texts.
 */
export async function openApi(options: Omit<ServerOptions, "port" | "host"> & { appName: string }) {
  const database = await openAppDatabase(options.database);
  const { db } = database;
  const cookies = { secure: options.secureCookies };
  const smsLog = createSqlSmsLog(db);
  const store = createSqlStateStore(db);
  const users = createUsers(db, options.logger);
  // Development mail: notices land in twostep's mail outbox table, none leaves the machine. A real
  // app passes createSmtpMailSender (@twostep/core/smtp) or its own MailSender.
  const mail = createSqlMailOutbox(db, { logger: options.logger });
  // The owner hears of what changes their account's security (2FA off, a new phone, a new
  // browser…), at the address in this app's own users table; queued in SQL, mailed off the request.
  const notices = createSecurityNotices({
    mail,
    emailOf: (userId) => users.emailOf(userId),
    logger: options.logger,
    appName: options.appName,
    outbox: createSqlNoticeOutbox(db),
    limiter: store.limiter,
  });
  const twostep = createTwoStep({
    codeHashKey: options.codeHashKey,
    store,
    // Development delivery: every SMS lands in twostep's outbox table, none leaves the machine.
    sms: createOutboxSender({ logger: options.logger }),
    smsLog,
    audit: createSqlAuditLog(db),
    users: createAppUserFactorStore(db),
    // The SMS-pumping guard counts real sends to paid routes; the outbox sends none.
    pumping: false,
    logger: options.logger,
    policy: { appName: options.appName },
    onEvent: notices.deliver,
    // The one-step code check queues a right code's notice (a new browser) in its own statement.
    noticesInCheck: notices.inCheck,
  });
  // Codes past their end, SMS log rows past 90 days and dev mail past a week leave twostep's
  // tables every 15 minutes, off the request path (this app's own sessions are its own business).
  const expiredData = startExpiredDataSweeper({ expired: createSqlExpiredData(db), logger: options.logger });
  const sessions = createSessions(db);
  const auth = createAuth(sessions);
  const accounts = createAccountMutations({ users, sessions, twostep, cookies });
  return {
    auth,
    graphql: createGraphQLParts({ twostep, auth, sessions, accounts, cookies }),
    smsLog,
    mail,
    /** Runs the expired-record sweep now (it runs on its own every 15 minutes). */
    expiredData: { sweep: expiredData.sweep },
    async close() {
      await Promise.all([notices.close(), expiredData.close()]);
      await database.close();
    },
  };
}

export type Api = Awaited<ReturnType<typeof openApi>>;

/** The api's framework handler on node:http; closing it closes the database too. */
export async function serveApi(api: Api, handler: LambdaHandler, options: Pick<ServerOptions, "port" | "host" | "logger">) {
  const listening = await listenLambda(handler, options);
  return {
    url: listening.url,
    smsLog: api.smsLog,
    /** The dev mail outbox: the security notices this app sent. */
    mail: api.mail,
    expiredData: api.expiredData,
    /** The SDL and services handed to the framework: the tests check that every field has its service. */
    graphql: api.graphql,
    async close() {
      await listening.close();
      await api.close();
    },
  };
}

export type ExampleServer = Awaited<ReturnType<typeof serveApi>>;
