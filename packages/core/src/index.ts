/**
 * @twostep/core: SMS two-factor authentication for any Node app. Everything a host may use is
 * named here or in a subpath entry (`/sql`, `/redis`, `/plivo`, `/outbox`, `/test-numbers`,
 * `/testing`, `/env`, `/accounts`); anything else may change without notice.
 */
export { createTwoStep, type TwoStepCore, type TwoStepOptions, type TwoStepPolicy } from "./create-twostep.js";

// The use cases.
export {
  createTwoFactorService,
  type CodeState,
  type TwoFactorProfile,
  type TwoFactorService,
  type TwoFactorServiceDeps,
} from "./two-factor/two-factor-service.js";
export {
  createChallengeService,
  type ChallengeService,
  type ChallengeServiceDeps,
  type ChallengeSettings,
  type ChallengeStatus,
  type SendFailure,
  type SendGuard,
  type SendResult,
  type VerifiedNumber,
  type VerifyFailure,
  type VerifyResult,
} from "./challenge/challenge-service.js";
export { PURPOSES, type Purpose } from "./challenge/purposes.js";
export {
  ACCOUNT_LOCKOUT,
  cleanFactorName,
  createAuthenticatorFactor,
  type AuthenticatorFactor,
  type AuthenticatorFactorDeps,
  type AuthenticatorView,
  type TotpCheck,
} from "./two-factor/authenticator-factor.js";
export {
  withAuthenticators,
  type SecondFactor,
  type SessionFactor,
  type TwoFactorPolicy,
  type TwoFactorWithAuthenticators,
  type WithAuthenticatorsDeps,
} from "./two-factor/with-authenticators.js";
export { createSecretBox, type SecretBox } from "./totp/secret-box.js";
export { generateTotpSecret, matchTotpStep, totpCodeAt, totpStepAt, totpUri } from "./totp/totp-code.js";
export { qrCodeSvg } from "./totp/qr-code.js";
export {
  createSessionRegistry,
  type OpenSessionInput,
  type SessionLifetimes,
  type SessionRegistry,
  type SessionRegistryDeps,
  type SessionView,
} from "./sessions/session-registry.js";
export * from "./sessions/session-policy.js";
export { describeDevice } from "./sessions/describe-device.js";
export {
  createTrustedDevices,
  type DeviceContext,
  type IssuedDeviceToken,
  type TrustedDevices,
  type TrustedDevicesDeps,
  type TrustedDeviceView,
} from "./trusted-devices/trusted-devices.js";
export * from "./trusted-devices/trusted-device-policy.js";
export { voidTrustOnChange } from "./trusted-devices/void-trust-on-change.js";
export { createPumpingGuard, type PumpingGuard, type PumpingGuardDeps } from "./pumping/pumping-guard.js";
export type { CountryReport, PumpingReport } from "./pumping/pumping-report.js";
export type { SendClass } from "./pumping/send-class.js";

// Outcomes and what people read.
export { ErrorCode, type Failure } from "./result-codes.js";
export {
  deliveryProblemMessage,
  describeEnrollmentFailure,
  describeFailure,
  enrollmentErrorMessages,
  enrollmentDeliveryProblemMessage,
  errorMessages,
  formatDuration,
  lastFactorRemovalMessage,
  successMessages,
} from "./messages.js";
export * from "./policy.js";

// The ports: implement these to bring your own storage or delivery.
export type { AuditEvent, AuditEventType, AuditLog, AuditPage, AuditPageRequest, StoredAuditEvent } from "./ports/audit-log.js";
export { withSecurityEventHook, type SecurityEvent, type SecurityEventHandler } from "./events/security-event-hook.js";
export type { NoticesInCheck } from "./events/one-step-events.js";
export {
  createSignedWebhook,
  signWebhook,
  verifyWebhookSignature,
  WEBHOOK_SIGNATURE_HEADER,
  WEBHOOK_TIMESTAMP_HEADER,
  type SignedWebhook,
  type SignedWebhookOptions,
} from "./events/signed-webhook.js";
export { createMemoryEventOutbox } from "./events/memory-event-outbox.js";
export type { EventOutbox, OutboxEntry } from "./ports/event-outbox.js";
export { createOutboxPump, type DeliveryResult, type OutboxPump, type OutboxPumpOptions } from "./events/outbox-pump.js";
export { isPermanentDeliveryError, PermanentDeliveryError } from "./events/delivery-failure.js";
export { fanOutEvents } from "./events/fan-out-events.js";
export type { MailSender, MailToSend } from "./ports/mail-sender.js";
export {
  createSecurityNotices,
  LOCK_NOTICE_WINDOW,
  NOTICE_ATTEMPTS_DEFAULT,
  type SecurityNotices,
  type SecurityNoticesOptions,
} from "./notices/security-notices.js";
export { composeNotice, isNoticeEvent, NOTICE_EVENT_TYPES, noticeFacts, type NoticeEventType, type NoticeFacts, type NoticeMail } from "./notices/notice-text.js";
export {
  STORE_CALL_DEADLINE_MS,
  StoreUnavailableError,
  withinStoreDeadline,
  type ChallengeStore,
  type ChallengeView,
  type LockoutPolicy,
  type SaveOptions,
  type StoredChallenge,
  type VerifyOutcome,
  type VerifyInput,
  type CheckCodeInput,
  type CheckCodeOutcome,
  type CheckEvent,
  type OneStepCheck,
} from "./ports/challenge-store.js";
export type { RightCodeRecord, RightCodeRecorder } from "./ports/right-code-recorder.js";
export type { LimitDecision, Limiter, LimiterFactory, LimitSpec } from "./ports/limiter.js";
export type { CountryPause, CountryPauses, CountryStats, PumpingStore, WindowCounts } from "./ports/pumping-store.js";
export type { OutboxMessage, SmsLog, SmsRecord } from "./ports/sms-log.js";
export type { SendFailureReason, SendResult as SmsSendResult, SmsSender, SmsToSend } from "./ports/sms-sender.js";
export type { StateStore } from "./ports/state-store.js";
export type { AccountLockState, AccountLockStore, TotpStepOutcome } from "./ports/account-lock.js";
export type { AuthenticatorStore, StoredAuthenticator } from "./ports/authenticator-store.js";
export type { SessionRecord, SessionStage, SessionStore } from "./ports/session-store.js";
export type { TrustedDeviceRecord, TrustedDeviceStore, TrustedDeviceUse } from "./ports/trusted-device-store.js";
export type { ExpiredData, ExpiredDataCounts } from "./ports/expired-data.js";
export {
  EXPIRED_DATA_BATCH,
  EXPIRED_DATA_BATCHES_PER_SWEEP,
  EXPIRED_DATA_SWEEP_MS_DEFAULT,
  startExpiredDataSweeper,
  type ExpiredDataSweeper,
  type ExpiredDataSweeperOptions,
} from "./retention/expired-data-sweeper.js";
export * from "./retention/retention-policy.js";
export type { UserFactors, UserFactorStore } from "./ports/user-factor-store.js";
export { wrapLimiter } from "./limits/wrap-limiter.js";

// Small pieces hosts and adapters share.
export { createLogger, type Logger } from "./log/logger.js";
export { safeError, scrubDigits } from "./log/safe-error.js";
export { maskPhone, phoneLastDigits } from "./phone/mask-phone.js";
export { canReceiveSms, knownCountry, normalizePhone, smsRefusal, type NormalizedPhone, type PhoneParseResult } from "./phone/normalize-phone.js";
export { smsCountries, type SmsCountry } from "./phone/sms-countries.js";
export { countryName, listCountryNames } from "./phone/country-names.js";
export { defaultSmsCountry } from "./phone/default-country.js";
export {
  DELIVERY_STATUSES,
  isDeliveryProblem,
  isDeliveryStatus,
  parseDeliveryReport,
  type AdvanceOutcome,
  type DeliveryReport,
  type DeliveryStatus,
} from "./sms/delivery-status.js";
export { BACKUP_CODE_COUNT, normalizeBackupCode } from "./two-factor/backup-codes.js";
