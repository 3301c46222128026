import type { AuditStreamMover } from "../adapters/redis/audit-stream-mover.js";
import { isCluster, type RedisClient } from "../adapters/redis/redis-client.js";
import { createAccountService } from "../adapters/accounts/account-service.js";
import { createOutboxSender } from "../adapters/outbox/outbox-sender.js";
import type { DatabaseHandle } from "../adapters/sql/database.js";
import { openDatabase } from "../adapters/sql/open-database.js";
import { createSqlAuditLog } from "../adapters/sql/sql-audit-log.js";
import { createSqlAuditImport } from "../adapters/sql/sql-audit-import.js";
import { createSqlRightCodeRecorder } from "../adapters/sql/sql-right-code-recorder.js";
import { createSignedWebhook } from "../events/signed-webhook.js";
import { createSqlEventOutbox, createSqlNoticeOutbox } from "../adapters/sql/sql-event-outbox.js";
import { createSqlMailOutbox } from "../adapters/sql/sql-mail-outbox.js";
import { fanOutEvents } from "../events/fan-out-events.js";
import { createSecurityNotices } from "../notices/security-notices.js";
import type { MailSender } from "../ports/mail-sender.js";
import { createSqlPumpingStore } from "../adapters/sql/sql-pumping-store.js";
import { createSqlSmsLog } from "../adapters/sql/sql-sms-log.js";
import { createSqlStateStore } from "../adapters/sql/sql-state-store.js";
import { createSqlUserFactorStore } from "../adapters/sql/sql-user-factor-store.js";
import { createSqlAuthenticatorStore } from "../adapters/sql/sql-authenticator-store.js";
import { createUserRepository } from "../adapters/sql/user-repository.js";
import { createPasswordResetRepository } from "../adapters/sql/password-reset-repository.js";
import { createSignUpRequestRepository } from "../adapters/sql/sign-up-request-repository.js";
import { createSqlExpiredData } from "../adapters/sql/sql-expired-data.js";
import { startExpiredDataSweeper } from "../retention/expired-data-sweeper.js";
import { countRedisCommands, type StoreCounters } from "../adapters/store-counters.js";
import { createTestNumberSender } from "../adapters/test-numbers/test-number-sender.js";
import { isTestNumber } from "../adapters/test-numbers/test-numbers.js";
import type { SendGuard } from "../challenge/challenge-service.js";
import { createTwoStep } from "../create-twostep.js";
import { createLogger, type Logger } from "../log/logger.js";
import type { SmsLog } from "../ports/sms-log.js";
import type { SmsSender } from "../ports/sms-sender.js";
import type { StateStore } from "../ports/state-store.js";
import type { SessionStore } from "../ports/session-store.js";
import { createSqlSessionStore } from "../adapters/sql/sql-session-store.js";
import { createSqlTrustedDeviceStore } from "../adapters/sql/sql-trusted-device-store.js";
import { createTrustedDevices } from "../trusted-devices/trusted-devices.js";
import type { TwoStepConfig } from "./env.js";

export type TwoStepOverrides = {
  logger?: Logger;
  now?: () => number;
  sender?: SmsSender;
  sendGuard?: SendGuard;
  /** Prefix of every Redis key; tests give each run its own. */
  redisKeyPrefix?: string;
  /**
   * The public URL Plivo posts delivery reports to (the host's route). Without it sends name no
   * callback and `statusCallbacks` is null.
   */
  statusCallbackUrl?: string;
  /** Counts statements, transactions and Redis commands (the HTTP benchmark reads them). */
  counters?: StoreCounters;
  /** The host's page where a user reviews their security settings, linked in security notices. */
  securityPageUrl?: string;
  /** Replaces the configured mail sender (tests). */
  mail?: MailSender;
  /** Between two sweeps of expired records (default EXPIRED_DATA_SWEEP_MS_DEFAULT, 15 minutes). */
  expiredDataSweepEveryMs?: number;
};

/**
 * The whole core from environment settings (loadConfig): the database (migrated), Redis when
 * configured, the SMS sender, twostep's own accounts, services. A convenience for apps that keep
 * their users in twostep's tables, like the reference app; others call createTwoStep with their own
 * UserFactorStore. Redis and Plivo are loaded only when the config names them.
 */
export async function createTwoStepFromConfig(config: TwoStepConfig, overrides: TwoStepOverrides = {}) {
  const logger = overrides.logger ?? createLogger({ level: config.logLevel });
  const database: DatabaseHandle = await openDatabase({ ...config.database, counters: overrides.counters });
  let redis: RedisClient | null = null;
  try {
    if (config.redisUrl) {
      const { openRedis } = await import("../adapters/redis/open-redis.js");
      redis = await openRedis(config.redisUrl);
    } else if (config.redisClusterNodes) {
      const { openRedisCluster } = await import("../adapters/redis/open-redis.js");
      redis = await openRedisCluster(config.redisClusterNodes);
    }
  } catch (error) {
    await database.close();
    throw error;
  }
  if (redis && overrides.counters) countRedisCommands(redis, overrides.counters);
  let store: StateStore;
  let sessions: SessionStore;
  const sqlSmsLog = createSqlSmsLog(database.db, { tables: database.tables });
  let smsLog: SmsLog = sqlSmsLog;
  let auditMover: AuditStreamMover | null = null;
  if (redis) {
    const { createRedisStateStore } = await import("../adapters/redis/redis-state-store.js");
    const { createRedisSessionStore } = await import("../adapters/redis/redis-session-store.js");
    const redisKeyPrefix = overrides.redisKeyPrefix ?? config.redisKeyPrefix;
    // One Redis server: the code check is one script whose audit events wait in a stream the mover
    // empties into the SQL audit log; delivery reports are noted on the challenge for it. A
    // cluster keeps the check in steps (its keys span slots; decision 014).
    if (!isCluster(redis)) {
      const { createAuditStreamMover } = await import("../adapters/redis/audit-stream-mover.js");
      const { noteDeliveryOnChallenges } = await import("../adapters/redis/redis-delivery-notes.js");
      const target = createSqlAuditImport(database.db, { tables: database.tables });
      auditMover = createAuditStreamMover({ redis, prefix: redisKeyPrefix, target, logger });
      smsLog = noteDeliveryOnChallenges(sqlSmsLog, redis, redisKeyPrefix, logger);
    }
    store = createRedisStateStore(redis, redisKeyPrefix, { auditTrail: auditMover ?? undefined });
    sessions = createRedisSessionStore(redis, redisKeyPrefix);
  } else {
    store = createSqlStateStore(database.db, { tables: database.tables });
    // The users are twostep's own here: the session read also says the account still exists.
    sessions = createSqlSessionStore(database.db, { tables: database.tables, userMustExist: true });
  }
  const statusCallbackUrl = overrides.statusCallbackUrl;
  const realSender = overrides.sender ?? (await createSender(config, statusCallbackUrl, logger));
  const testNumbers = config.smsTestNumbers
    ? createTestNumberSender({ real: realSender, outbox: createOutboxSender({ logger }), smsLog, logger })
    : null;
  const sender: SmsSender = testNumbers ?? realSender;
  // Only Plivo posts delivery reports, and only to a URL it was given.
  let statusCallbacks = null;
  if (config.sms.provider === "plivo" && statusCallbackUrl) {
    const { createStatusCallbackHandler } = await import("../adapters/plivo/status-callback.js");
    statusCallbacks = createStatusCallbackHandler({ authToken: config.sms.authToken, callbackUrl: statusCallbackUrl, smsLog, limiter: store.limiter, logger });
  }
  const sqlAudit = createSqlAuditLog(database.db, { tables: database.tables });
  // A check's events wait in the Redis stream until moved: reads of the log wait for them first.
  const audit = auditMover ? (await import("../adapters/redis/audit-log-after-stream.js")).auditLogAfterStream(sqlAudit, auditMover, logger) : sqlAudit;
  const securityWebhook = config.securityWebhook ? createSignedWebhook({ ...config.securityWebhook, logger, outbox: createSqlEventOutbox(database.db, { tables: database.tables }) }) : null;
  // Mail: SMTP when configured, else the dev mail outbox (in production only with the staging opt-in).
  const mailOutbox = config.mail.provider === "outbox" ? createSqlMailOutbox(database.db, { tables: database.tables, logger, now: overrides.now }) : null;
  const mail: MailSender = overrides.mail ?? mailOutbox ?? (await createSmtpSender(config, logger));
  const userRepository = createUserRepository(database.db, { tables: database.tables });
  // Security notices to the account's address, queued in SQL and sent off the request path.
  const notices = createSecurityNotices({
    mail,
    emailOf: async (userId) => (await userRepository.byId(userId))?.email ?? null,
    logger,
    appName: config.appName,
    securityPageUrl: overrides.securityPageUrl,
    outbox: createSqlNoticeOutbox(database.db, { tables: database.tables }),
    limiter: store.limiter,
    now: overrides.now,
  });
  // Read once per sign-in, never per request: SQL even when Redis holds the sessions.
  const trustedDeviceStore = createSqlTrustedDeviceStore(database.db, { tables: database.tables });
  const core = createTwoStep({
    codeHashKey: config.codeHashKey,
    store,
    sms: sender,
    smsLog,
    audit,
    users: createSqlUserFactorStore(database.db, { tables: database.tables }),
    authenticators: createSqlAuthenticatorStore(database.db, { tables: database.tables }),
    totpEncryptionKey: config.totpEncryptionKey,
    twoFactorPolicy: config.twoFactorPolicy,
    pumping: createSqlPumpingStore(database.db, { tables: database.tables }),
    policy: {
      codeTtlMinutes: config.codeTtlMinutes,
      allowedCountries: config.allowedCountries,
      globalSendsPerHour: config.globalSendsPerHour,
      appName: config.appName,
      originHost: config.origin.host,
      smsPumping: config.smsPumping,
    },
    sessions,
    sessionLifetimes: config.sessionLifetimes,
    trustedDevices: trustedDeviceStore,
    trustedDeviceDays: config.trustedDeviceDays,
    logger,
    now: overrides.now,
    sendGuard: overrides.sendGuard,
    // Test numbers never reach a provider, so they cost nothing and say nothing about a country.
    exemptFromPumping: config.smsTestNumbers ? isTestNumber : undefined,
    onEvent: fanOutEvents([notices.deliver, securityWebhook?.deliver], logger),
    noticesInCheck: notices.inCheck,
    // A check in Redis (a script on one server, steps on a cluster) can't write SQL rows: what a
    // right code leaves (a new browser, its notice, the country's count) is one statement after it.
    rightCodeRecorder: redis ? createSqlRightCodeRecorder(database.db, { tables: database.tables }) : undefined,
  });
  // Always made here (a store is given), so operators' tools need no null check.
  const pumping = core.pumping;
  if (!pumping) throw new Error("the SMS-pumping guard was not built");
  const sessionRegistry = core.sessions;
  if (!sessionRegistry) throw new Error("the session registry was not built");
  const accounts = createAccountService({
    users: userRepository,
    audit: core.audit,
    limiter: store.limiter,
    logger,
    passwordResets: {
      resets: createPasswordResetRepository(database.db, { tables: database.tables }),
      mail,
      sessions: sessionRegistry,
      // A reset voids every trusted browser even with the feature off (TRUSTED_DEVICE_DAYS=0, where
      // core.trustedDevices is null): trusts made before must not come back when it is on again,
      // as every change of 2FA already ensures (void-trust-on-change.ts).
      trustedDevices: core.trustedDevices ?? createTrustedDevices({ store: trustedDeviceStore, codeHashKey: config.codeHashKey, logger, audit: core.audit, now: overrides.now }),
      codeHashKey: config.codeHashKey,
      appName: config.appName,
      now: overrides.now,
    },
    signUpLinks: {
      requests: createSignUpRequestRepository(database.db, { tables: database.tables }),
      mail,
      codeHashKey: config.codeHashKey,
      appName: config.appName,
      now: overrides.now,
    },
  });

  // Expired sign-ups, sessions, trusted browsers and reset links leave the SQL tables on a timer,
  // whether or not anyone signs up or in again (Redis keys expire by themselves).
  const expiredData = startExpiredDataSweeper({
    expired: createSqlExpiredData(database.db, { tables: database.tables, smsLogRetentionDays: config.smsLogRetentionDays }),
    logger,
    everyMs: overrides.expiredDataSweepEveryMs,
    now: overrides.now,
  });

  logger.info(
    { database: database.kind, state: store.name, sms: sender.provider, testNumbers: config.smsTestNumbers },
    "twostep core ready",
  );
  if (config.env === "production" && config.mail.provider === "outbox") {
    logger.warn(
      "STAGING MAIL OUTBOX: no mail leaves this server; security notices and password-reset links are stored and readable at " +
        "/dev/mail and /api/dev/mail by anyone holding OUTBOX_TOKEN. Set SMTP_URL and MAIL_FROM wherever real people sign in.",
    );
  }
  if (config.env === "production" && config.sms.provider === "outbox") {
    logger.warn(
      "STAGING OUTBOX: no SMS leaves this server; every code sent is stored and readable at /dev/outbox and " +
        "/api/dev/outbox by anyone holding OUTBOX_TOKEN. No account here has a real second factor.",
    );
  } else if (config.smsTestNumbers && config.env === "production") {
    logger.warn(
      "SMS_TEST_NUMBERS is enabled: SMS to +1 201 555 0100-0199 never reach a phone; their codes are stored and readable at " +
        "/api/dev/outbox by anyone holding OUTBOX_TOKEN. Any account whose 2FA phone is a test number has no second factor " +
        "against such a reader: keep test numbers for monitoring accounts.",
    );
  }

  return {
    ...core,
    pumping,
    sessions: sessionRegistry,
    config,
    db: database.db,
    /** The tables `db` holds (under DATABASE_TABLE_PREFIX), for operators' tools. */
    tables: database.tables,
    databaseKind: database.kind,
    redis,
    /** Plivo's delivery reports (null unless Plivo is the provider); the route only translates HTTP. */
    statusCallbacks,
    /** twostep's own accounts: sign-up and the password step. */
    accounts,
    /** Where mail goes: SMTP, or the dev mail outbox (`provider: "outbox"`). A password-reset link is sent with it. */
    mail,
    /** The dev mail outbox's reader (/dev/mail); null when mail goes through SMTP. */
    mailOutbox,
    /** Security notices by email; `idle()` resolves when none waits (tests). */
    notices,
    /** The sweep of expired records that runs on its own every 15 minutes; `sweep()` runs one now. */
    expiredData: { sweep: expiredData.sweep },
    async close() {
      testNumbers?.close();
      // Each waits for its work under way to be recorded, before the database closes.
      await Promise.all([securityWebhook?.close(), notices.close(), expiredData.close()]);
      await auditMover?.close();
      redis?.disconnect();
      await database.close();
    },
  };
}

export type TwoStep = Awaited<ReturnType<typeof createTwoStepFromConfig>>;

/** nodemailer is loaded only when SMTP_URL names a server. */
async function createSmtpSender(config: TwoStepConfig, logger: Logger): Promise<MailSender> {
  if (config.mail.provider !== "smtp") throw new Error("no SMTP server configured");
  const { createSmtpMailSender } = await import("../adapters/smtp/smtp-mail-sender.js");
  return createSmtpMailSender({ url: config.mail.url, from: config.mail.from, logger });
}

async function createSender(config: TwoStepConfig, statusCallbackUrl: string | undefined, logger: Logger): Promise<SmsSender> {
  if (config.sms.provider === "outbox") return createOutboxSender({ logger });
  const { createPlivoSender } = await import("../adapters/plivo/plivo-sender.js");
  return createPlivoSender({
    authId: config.sms.authId,
    authToken: config.sms.authToken,
    from: config.sms.from,
    apiUrl: config.sms.apiUrl,
    statusCallbackUrl,
    logger,
  });
}
