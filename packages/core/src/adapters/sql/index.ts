/** @twostep/core/sql: PostgreSQL or embedded PGlite through Drizzle, migrations included. */
export { MIGRATIONS_DIR, openDatabase, pingDatabase, type DatabaseOptions } from "./open-database.js";
export { queryRows, type Database, type DatabaseHandle } from "./database.js";
export * as schema from "./schema.js";
export { createSchema, type SqlTables } from "./create-schema.js";
export { TABLE_PREFIX_PATTERN } from "./table-prefix.js";
export { migrate, type MigratableDatabase, type MigrateOptions } from "./migrate.js";
export { renderMigrationSql, type MigrationSql } from "./render-migrations.js";
export type { SqlAdapterOptions } from "./sql-options.js";
export { createSqlStateStore } from "./sql-state-store.js";
export { createSqlChallengeStore } from "./sql-challenge-store.js";
export { createSqlLimiterFactory, type SqlLimiterOptions } from "./sql-limiter.js";
export { createSqlSmsLog } from "./sql-sms-log.js";
export { createSqlAuditLog } from "./sql-audit-log.js";
export { createSqlPumpingStore } from "./sql-pumping-store.js";
export { createSqlUserFactorStore } from "./sql-user-factor-store.js";
export { createUserRepository, type User, type UserRepository } from "./user-repository.js";
export { createSqlSessionStore } from "./sql-session-store.js";
