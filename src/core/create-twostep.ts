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
import { createOutboxSender } from "./sms/outbox-sender";
import { createPlivoSender } from "./sms/plivo-sender";
import { createSqlSmsLog, type SmsLog } from "./sms/sms-log";
import type { SmsSender } from "./sms/sms-sender";
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
    ? createRedisStateStore(redis, overrides.redisKeyPrefix)
    : createSqlStateStore(database.db);
  const sender = overrides.sender ?? createSender(config, logger);
  const smsLog: SmsLog = createSqlSmsLog(database.db);
  const audit: AuditLog = createSqlAuditLog(database.db);

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
    sendGuard: overrides.sendGuard,
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
    { database: database.kind, state: store.name, sms: sender.provider },
    "twostep core ready",
  );

  return {
    config,
    logger,
    db: database.db,
    databaseKind: database.kind,
    redis,
    store,
    sender,
    smsLog,
    audit,
    challenges,
    accounts,
    async close() {
      redis?.disconnect();
      await database.close();
    },
  };
}

export type TwoStep = Awaited<ReturnType<typeof createTwoStep>>;

function createSender(config: TwoStepConfig, logger: Logger): SmsSender {
  if (config.sms.provider === "outbox") return createOutboxSender({ logger });
  return createPlivoSender({
    authId: config.sms.authId,
    authToken: config.sms.authToken,
    from: config.sms.from,
    apiUrl: config.sms.apiUrl,
    statusCallbackUrl: new URL(SMS_STATUS_CALLBACK_PATH, config.origin).toString(),
    logger,
  });
}
