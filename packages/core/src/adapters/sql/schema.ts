import { createSchema } from "./create-schema.js";

/**
 * twostep's tables under their own names (no prefix): what existing code imports and what
 * drizzle-kit reads to generate the migrations in drizzle/. A host sharing its database with
 * twostep uses `createSchema("twostep_")` instead. The fields are documented in create-schema.ts.
 */
const defaults = createSchema();

export const users = defaults.users;
export const backupCodes = defaults.backupCodes;
export const challenges = defaults.challenges;
export const verificationFailures = defaults.verificationFailures;
export const rateLimits = defaults.rateLimits;
export const smsMessages = defaults.smsMessages;
export const auditEvents = defaults.auditEvents;
export const smsCountryStats = defaults.smsCountryStats;
export const smsCountryPauses = defaults.smsCountryPauses;
export const sessions = defaults.sessions;
export const trustedDevices = defaults.trustedDevices;
export const authenticators = defaults.authenticators;
export const totpUsedSteps = defaults.totpUsedSteps;
export const securityEventOutbox = defaults.securityEventOutbox;
export const mailOutbox = defaults.mailOutbox;
export const securityNoticeOutbox = defaults.securityNoticeOutbox;
export const passwordResets = defaults.passwordResets;
