import path from "node:path";
import { createLogger, createTwoStep, type TwoStepCore } from "@twostep/core";
import { createOutboxSender } from "@twostep/core/outbox";
import { createSqlAuditLog, createSqlPumpingStore, createSqlSmsLog, createSqlStateStore, openDatabase, type Database } from "@twostep/core/sql";
import { createAppTables } from "./app-schema";
import { createAppUserFactorStore } from "./user-factor-store";
import { seedDemoUsers } from "./demo-users";
import { getEnv } from "./env";

export type App = { db: Database; twostep: TwoStepCore };

/**
 * One embedded database for the app's tables and twostep's: openDatabase runs twostep's own
 * migrations, then the app adds its tables on the same handle (PGlite allows one instance per
 * folder per process). Kept on globalThis so a dev hot reload doesn't open a second one.
 */
async function start(): Promise<App> {
  const env = getEnv();
  const database = await openDatabase({ pgliteDir: path.join(env.dataDir, "pglite") });
  await createAppTables(database.db);
  await seedDemoUsers(database.db);
  const logger = createLogger({ level: env.mode === "production" ? "warn" : "info" });
  const twostep = createTwoStep({
    codeHashKey: env.codeHashKey,
    store: createSqlStateStore(database.db),
    // Development delivery: each SMS lands in the outbox (/dev/outbox), never on a phone.
    sms: createOutboxSender({ logger }),
    smsLog: createSqlSmsLog(database.db),
    audit: createSqlAuditLog(database.db),
    users: createAppUserFactorStore(database.db),
    pumping: createSqlPumpingStore(database.db),
    policy: { appName: "Existing App", originHost: env.origin.host },
    logger,
  });
  return { db: database.db, twostep };
}

const holder = globalThis as typeof globalThis & { __exampleApp?: Promise<App> };

export function getApp(): Promise<App> {
  holder.__exampleApp ??= start().catch((error: unknown) => {
    holder.__exampleApp = undefined;
    throw error;
  });
  return holder.__exampleApp;
}
