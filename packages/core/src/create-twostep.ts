import { randomBytes } from "node:crypto";
import { createChallengeService, type ChallengeSettings, type SendGuard } from "./challenge/challenge-service.js";
import { createCodeHasher } from "./code/hash-code.js";
import { DEFAULT_ALLOWED_COUNTRIES, parseCountryList } from "./config/countries.js";
import { defaultSmsPumpingConfig, type SmsPumpingConfig } from "./config/sms-pumping-config.js";
import { createLogger, type Logger } from "./log/logger.js";
import { CODE_TTL_MINUTES_DEFAULT, CODE_TTL_MINUTES_MAX, SENDS_GLOBAL_PER_HOUR_DEFAULT } from "./policy.js";
import type { AuditLog } from "./ports/audit-log.js";
import type { PumpingStore } from "./ports/pumping-store.js";
import type { RightCodeRecorder } from "./ports/right-code-recorder.js";
import type { SmsLog } from "./ports/sms-log.js";
import type { SmsSender } from "./ports/sms-sender.js";
import type { StateStore } from "./ports/state-store.js";
import type { UserFactorStore } from "./ports/user-factor-store.js";
import type { SessionStore } from "./ports/session-store.js";
import { createSessionRegistry, type SessionLifetimes } from "./sessions/session-registry.js";
import { createPumpingGuard } from "./pumping/pumping-guard.js";
import { createTwoFactorService } from "./two-factor/two-factor-service.js";
import type { AuthenticatorStore } from "./ports/authenticator-store.js";
import { createAuthenticatorFactor } from "./two-factor/authenticator-factor.js";
import { withAuthenticators, type TwoFactorPolicy } from "./two-factor/with-authenticators.js";
import { createSecretBox } from "./totp/secret-box.js";
import { noAuthenticators } from "./two-factor/no-authenticators.js";
import { withSecurityEventHook, type SecurityEventHandler } from "./events/security-event-hook.js";
import { hearOneStepChecks, hearRightCodes, type NoticesInCheck } from "./events/one-step-events.js";
import type { TrustedDeviceStore } from "./ports/trusted-device-store.js";
import { createTrustedDevices } from "./trusted-devices/trusted-devices.js";
import { voidTrustOnChange } from "./trusted-devices/void-trust-on-change.js";

/** What a host may tune; every field has a safe default (src/policy.ts names each one's source). */
export type TwoStepPolicy = {
  /** Minutes a code lives: 1 to 10 (NIST SP 800-63B). Default 5. */
  codeTtlMinutes?: number;
  /** ISO 3166-1 alpha-2 regions SMS may go to. Default: US, CA, GB, western Europe, AU, NZ. */
  allowedCountries?: Iterable<string>;
  /** Every SMS together, per hour. */
  globalSendsPerHour?: number;
  /** Names the app in the SMS text ("123456 is your <appName> code"). */
  appName?: string;
  /** Host of the public origin, for the origin-bound line browsers autofill from (WebOTP). */
  originHost?: string;
  /** The SMS-pumping guard's budgets and pause; see docs/decisions/006-sms-pumping-guard.md. */
  smsPumping?: Partial<SmsPumpingConfig>;
};

export type TwoStepOptions = {
  /** The server key codes and backup codes are hashed under: 32+ random characters, kept out of the database. */
  codeHashKey: string;
  /** Live codes, failure counters and limiter windows: `@twostep/core/sql` or `@twostep/core/redis`. */
  store: StateStore;
  /** Delivers the SMS: `@twostep/core/plivo`, `@twostep/core/outbox`, or your own. */
  sms: SmsSender;
  smsLog: SmsLog;
  audit: AuditLog;
  /** The host's users (phone, 2FA flag, backup codes, password check). Without it there is no `twoFactor`. */
  users: UserFactorStore;
  /** Counters and pauses of the SMS-pumping guard; `false` switches the guard off. */
  pumping: PumpingStore | false;
  policy?: TwoStepPolicy;
  logger?: Logger;
  /** Epoch milliseconds; tests move it. */
  now?: () => number;
  /**
   * Server-side session records (`createSqlSessionStore`, `createRedisSessionStore`): with it,
   * `sessions` is a registry a session layer checks on every request; without it, null.
   */
  sessions?: SessionStore;
  /** Absolute lifetime, idle timeout and pending wait of sessions, in seconds. */
  sessionLifetimes?: SessionLifetimes;
  /**
   * Authenticator apps (TOTP): where they are kept (`createSqlAuthenticatorStore`) and the key
   * their secrets are sealed under (32+ random characters, not the code-hash key). Without both,
   * users have the phone only.
   */
  authenticators?: AuthenticatorStore;
  totpEncryptionKey?: string;
  /** "required": a user with no factor must enroll one before anything else opens. Default "optional". */
  twoFactorPolicy?: TwoFactorPolicy;
  /** Replaces the pumping guard as the veto before each send (tests). */
  sendGuard?: SendGuard;
  /** Numbers that never reach a provider (test numbers): the pumping guard neither counts nor refuses them. */
  exemptFromPumping?: (e164: string) => boolean;
  /**
   * Hears every security event after the audit row is written (a webhook: `createSignedWebhook`,
   * mail, the host's own channel). Queue there, don't wait: it runs on the request path.
   */
  onEvent?: SecurityEventHandler;
  /**
   * The mail notices behind `onEvent` (createSecurityNotices' `inCheck`): when the store's one-step
   * check writes their outbox, a right code's notice (a new browser) is queued in the check itself.
   */
  noticesInCheck?: NoticesInCheck;
  /**
   * A right code's SQL aftermath in one statement (`createSqlRightCodeRecorder`), for a store whose
   * check runs elsewhere (Redis): the events it can't judge, their notices and the pumping guard's
   * count. Used only when it writes the audit log given here; without it they are written in turn.
   */
  rightCodeRecorder?: RightCodeRecorder;
  /**
   * "Trust this browser" (`createSqlTrustedDeviceStore`): with it, `trustedDevices` issues and
   * checks device tokens, and every 2FA change voids the user's; without it, null.
   */
  trustedDevices?: TrustedDeviceStore;
  /** Days a trusted browser skips the second step: 1 to 365, default 30; 0 turns the feature off. */
  trustedDeviceDays?: number;
};

/**
 * The core over the ports a host gives it: the challenge lifecycle (`challenges`), the 2FA policy
 * over the host's users (`twoFactor`), and the SMS-pumping guard's operator view (`pumping`).
 * Nothing here opens a connection: the adapters were made by the caller.
 */
export function createTwoStep(options: TwoStepOptions) {
  const logger = options.logger ?? createLogger({ level: "info" });
  // Every event of every use case passes through this one log, so the hook hears them all.
  const audit = options.onEvent ? withSecurityEventHook(options.audit, options.onEvent, logger, options.now) : options.audit;
  // A store's one-step check writes its guess events itself: the hook hears them once it commits.
  const checkStore = options.onEvent ? hearOneStepChecks(options.store, options.onEvent, logger, options.now, options.noticesInCheck) : options.store;
  const rightCodes =
    options.onEvent && options.rightCodeRecorder
      ? hearRightCodes(options.rightCodeRecorder, options.onEvent, logger, options.now, options.noticesInCheck)
      : options.rightCodeRecorder;
  const policy = options.policy ?? {};
  const codeTtlMinutes = policy.codeTtlMinutes ?? CODE_TTL_MINUTES_DEFAULT;
  if (!Number.isInteger(codeTtlMinutes) || codeTtlMinutes < 1 || codeTtlMinutes > CODE_TTL_MINUTES_MAX) {
    throw new RangeError(`policy.codeTtlMinutes must be a whole number from 1 to ${CODE_TTL_MINUTES_MAX}`);
  }
  const settings: ChallengeSettings = {
    codeTtlMinutes,
    allowedCountries: new Set(policy.allowedCountries ?? parseCountryList(DEFAULT_ALLOWED_COUNTRIES)),
    globalSendsPerHour: policy.globalSendsPerHour ?? SENDS_GLOBAL_PER_HOUR_DEFAULT,
    appName: policy.appName ?? "twostep",
    originHost: policy.originHost ?? "localhost",
  };
  const pumping = options.pumping
    ? createPumpingGuard({
        store: options.pumping,
        limiter: options.store.limiter,
        audit,
        logger,
        settings: { ...defaultSmsPumpingConfig(), ...policy.smsPumping },
        exempt: options.exemptFromPumping,
        now: options.now,
      })
    : null;
  const challenges = createChallengeService({
    store: checkStore,
    sender: options.sms,
    smsLog: options.smsLog,
    audit,
    hashCode: createCodeHasher(options.codeHashKey),
    logger,
    settings,
    sendGuard: options.sendGuard ?? pumping ?? undefined,
    rightCodes,
    now: options.now,
  });
  const smsTwoFactor = createTwoFactorService({
    users: options.users,
    challenges,
    audit,
    limiter: options.store.limiter,
    codeHashKey: options.codeHashKey,
    logger,
    now: options.now,
  });
  if (options.totpEncryptionKey !== undefined && options.totpEncryptionKey === options.codeHashKey) {
    throw new Error("totpEncryptionKey must differ from codeHashKey: one leaked key must not open the other's secrets");
  }
  const trustOff = options.trustedDeviceDays === 0;
  const trustStore = options.trustedDevices
    ? createTrustedDevices({ store: options.trustedDevices, codeHashKey: options.codeHashKey, days: trustOff ? undefined : options.trustedDeviceDays, logger, audit, now: options.now })
    : null;
  const twoFactorWithApps = withAuthenticators(smsTwoFactor, {
    users: options.users,
    authenticator: createAuthenticatorFactor({
      authenticators: options.totpEncryptionKey ? (options.authenticators ?? noAuthenticators) : noAuthenticators,
      lock: options.store.accountLock,
      // Without a key nothing is ever sealed (noAuthenticators refuses to add), so this key seals nothing.
      box: createSecretBox(options.totpEncryptionKey ?? randomBytes(32).toString("base64url")),
      audit,
      logger,
      issuer: settings.appName,
      now: options.now,
    }),
    lock: options.store.accountLock,
    challenges,
    audit,
    limiter: options.store.limiter,
    codeHashKey: options.codeHashKey,
    logger,
    policy: options.twoFactorPolicy ?? "optional",
    now: options.now,
  });
  // Even with the feature off, changes void the records of before, so turning it on again revives none.
  const twoFactor = trustStore ? voidTrustOnChange(twoFactorWithApps, trustStore, logger) : twoFactorWithApps;
  return {
    logger,
    store: options.store,
    sender: options.sms,
    smsLog: options.smsLog,
    audit,
    challenges,
    twoFactor,
    /** The SMS-pumping guard's report, pauses and resume, for operators; null when switched off. */
    pumping,
    /** Server-side sessions: open, check, end, list; null without a session store. */
    sessions: options.sessions ? createSessionRegistry({ store: options.sessions, lifetimes: options.sessionLifetimes, now: options.now }) : null,
    /** "Trust this browser": trust, check, list, revoke; null without a store or with 0 days. */
    trustedDevices: trustOff ? null : trustStore,
  };
}

export type TwoStepCore = ReturnType<typeof createTwoStep>;
