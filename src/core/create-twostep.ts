import type { Redis } from "ioredis";
import { createAccountService } from "./accounts/account-service";
import { createUserRepository } from "./accounts/user-repository";
import { createSqlAuditLog, type AuditLog } from "./audit/audit-log";
import { createChallengeService, type SendGuard } from "./challenge/challenge-service";
import { createCodeHasher } from "./code/hash-code";
import type { TwoStepConfig } from "./config/env";
import type { DatabaseHandle } from "./db/database";
import { openDatabase } from "./db/open-database";
import { createLogger, type Logger } from "./log/logger";
import { createPumpingGuard } from "./pumping/pumping-guard";
import { createOutboxSender } from "./sms/outbox-sender";
import { createPlivoSender } from "./sms/plivo-sender";
import { createSqlSmsLog, type SmsLog } from "./sms/sms-log";
import type { SmsSender } from "./sms/sms-sender";
import { createStatusCallbackHandler } from "./sms/status-callback";
import { createTestNumberSender } from "./sms/test-number-sender";
import { isTestNumber } from "./sms/test-numbers";
import { openRedis } from "./store/open-redis";
import { createRedisStateStore, createSqlStateStore, type StateStore } from "./store/state-store";

/** Path of the status callback route on the public origin (Plivo posts delivery reports there). */
export const SMS_STATUS_CALLBACK_PATH = "/api/sms/status";

export type TwoStepOverrides = {
  logger?: Logger;
  now?: () => number;
  sender?: SmsSender;
  sendGuard?: SendGuard;
  /** Prefix of every Redis key; tests give each run its own. */
  redisKeyPrefix?: string;
};

/**
 * Builds the core from config: database (migrated), state store, SMS sender, services.
 * Any Node app can call this; the Next.js app does so once per process (src/server/twostep.ts).
 */
export async function createTwoStep(config: TwoStepConfig, overrides: TwoStepOverrides = {}) {
  const logger = overrides.logger ?? createLogger({ level: config.logLevel });
  const database: DatabaseHandle = await openDatabase(config.database);
  let redis: Redis | null = null;
  try {
    redis = config.redisUrl ? await openRedis(config.redisUrl) : null;
  } catch (error) {
    await database.close();
    throw error;
  }
  const store: StateStore = redis
    ? createRedisStateStore(redis, overrides.redisKeyPrefix ?? config.redisKeyPrefix)
    : createSqlStateStore(database.db);
  const smsLog: SmsLog = createSqlSmsLog(database.db);
  // One URL for both: each send names it, and callbacks are verified against it.
  const statusCallbackUrl = new URL(SMS_STATUS_CALLBACK_PATH, config.origin).toString();
  const realSender = overrides.sender ?? createSender(config, statusCallbackUrl, logger);
  const testNumbers = config.smsTestNumbers
    ? createTestNumberSender({ real: realSender, outbox: createOutboxSender({ logger }), smsLog, logger })
    : null;
  const sender: SmsSender = testNumbers ?? realSender;
  // Only Plivo posts delivery reports; without it the callback route does not exist.
  const statusCallbacks =
    config.sms.provider === "plivo"
      ? createStatusCallbackHandler({ authToken: config.sms.authToken, callbackUrl: statusCallbackUrl, smsLog, limiter: store.limiter, logger })
      : null;
  const audit: AuditLog = createSqlAuditLog(database.db);
  // Budgets per country and per day, and the conversion pause; on unless a test swaps it out.
  const pumping = createPumpingGuard({
    db: database.db,
    limiter: store.limiter,
    audit,
    logger,
    settings: config.smsPumping,
    // Test numbers never reach a provider, so they cost nothing and say nothing about a country.
    exempt: config.smsTestNumbers ? isTestNumber : undefined,
    now: overrides.now,
  });

  const challenges = createChallengeService({
    store,
    sender,
    smsLog,
    audit,
    hashCode: createCodeHasher(config.codeHashKey),
    logger,
    settings: {
      codeTtlMinutes: config.codeTtlMinutes,
      allowedCountries: config.allowedCountries,
      globalSendsPerHour: config.globalSendsPerHour,
      appName: config.appName,
      originHost: config.origin.host,
    },
    sendGuard: overrides.sendGuard ?? pumping,
    now: overrides.now,
  });

  const accounts = createAccountService({
    users: createUserRepository(database.db),
    challenges,
    audit,
    limiter: store.limiter,
    codeHashKey: config.codeHashKey,
    logger,
    now: overrides.now,
  });

  logger.info(
    { database: database.kind, state: store.name, sms: sender.provider, testNumbers: config.smsTestNumbers },
    "twostep core ready",
  );
  if (config.smsTestNumbers && config.env === "production") {
    logger.warn("SMS_TEST_NUMBERS is enabled: codes to +1 201 555 01xx are readable at /api/dev/outbox");
  }

  return {
    config,
    logger,
    db: database.db,
    databaseKind: database.kind,
    redis,
    store,
    sender,
    smsLog,
    /** Plivo's delivery reports (null unless Plivo is the provider); the route only translates HTTP. */
    statusCallbacks,
    audit,
    challenges,
    accounts,
    /** The SMS-pumping guard's report, pauses and resume, for operators (scripts/twostep-cli.ts). */
    pumping,
    async close() {
      testNumbers?.close();
      redis?.disconnect();
      await database.close();
    },
  };
}

export type TwoStep = Awaited<ReturnType<typeof createTwoStep>>;

function createSender(config: TwoStepConfig, statusCallbackUrl: string, logger: Logger): SmsSender {
  if (config.sms.provider === "outbox") return createOutboxSender({ logger });
  return createPlivoSender({
    authId: config.sms.authId,
    authToken: config.sms.authToken,
    from: config.sms.from,
    apiUrl: config.sms.apiUrl,
    statusCallbackUrl,
    logger,
  });
}
