/** @twostep/core/env: settings from environment variables, and the whole core built from them. */
export { ConfigError, DEFAULT_ALLOWED_COUNTRIES, loadConfig, readSecret, type SmsConfig, type TwoStepConfig } from "./env.js";
export { createTwoStepFromConfig, type TwoStep, type TwoStepOverrides } from "./create-from-config.js";
export type { SmsPumpingConfig } from "./sms-pumping-config.js";
export { STAGING_OUTBOX_OPT_IN, type OutboxAccess } from "./outbox-access.js";
export { STAGING_MAIL_OUTBOX_OPT_IN, type MailConfig } from "./mail-config.js";
export { relatedSecretsProblem } from "./secret-strength.js";
export { createStoreCounters, type StoreCounters } from "../adapters/store-counters.js";
