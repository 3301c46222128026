import { randomInt, randomUUID } from "node:crypto";
import { createSqlAuditLog, createSqlSmsLog } from "@twostep/core/sql";
import { canReceiveSms, type ChallengeSettings, createChallengeService, createLogger, normalizePhone } from "@twostep/core";
import { createCodeHasher } from "../../packages/core/src/code/hash-code";
import type { Database, SqlTables } from "@twostep/core/sql";
import type { Logger, SmsSender, StateStore } from "@twostep/core";
import { createOutboxSender } from "@twostep/core/outbox";

export const TEST_CODE_KEY = "test-code-hash-key-0123456789abcdefghijklmnop";

/** A random US number (not another +1 country) that libphonenumber accepts as able to receive SMS. */
export function randomPhone(): string {
  for (;;) {
    const candidate = `+1${randomInt(201, 990)}${randomInt(200, 1000)}${randomInt(0, 10_000).toString().padStart(4, "0")}`;
    const parsed = normalizePhone(candidate);
    if (parsed.ok && parsed.phone.country === "US" && canReceiveSms(parsed.phone)) return parsed.phone.e164;
  }
}

export const randomIp = () => `10.${randomInt(0, 256)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
export const randomUserId = () => `user-${randomUUID()}`;

/** A controllable clock; starts at the real time so limiter windows (real time) stay coherent. */
export function testClock() {
  let offsetMs = 0;
  return {
    now: () => Date.now() + offsetMs,
    advance(ms: number) {
      offsetMs += ms;
    },
  };
}

/** The challenge service over a given store, with the outbox sender and logs in `db`. */
export function serviceFor(
  store: StateStore,
  db: Database,
  options: {
    now?: () => number;
    globalSendsPerHour?: number;
    logger?: Logger;
    sender?: SmsSender;
    settings?: Partial<ChallengeSettings>;
    /** The SMS log's and audit log's tables, when `db` was opened under a table prefix. */
    tables?: SqlTables;
  } = {},
) {
  const logger = options.logger ?? createLogger({ level: process.env.TEST_LOG_LEVEL ?? "silent" });
  const smsLog = createSqlSmsLog(db, { tables: options.tables });
  const service = createChallengeService({
    store,
    sender: options.sender ?? createOutboxSender({ logger }),
    smsLog,
    audit: createSqlAuditLog(db, { tables: options.tables }),
    hashCode: createCodeHasher(TEST_CODE_KEY),
    logger,
    settings: {
      codeTtlMinutes: 5,
      allowedCountries: new Set(["US", "CA", "GB", "FR"]),
      globalSendsPerHour: options.globalSendsPerHour ?? 100_000,
      appName: "twostep",
      originHost: "localhost:3000",
      ...options.settings,
    },
    now: options.now,
  });
  return { service, smsLog };
}
