import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { assertTablePrefix } from "./table-prefix.js";

/**
 * twostep's tables, with every table, index and named constraint starting with `tablePrefix`, so
 * twostep can share a host's PostgreSQL database without taking generic names like `users`.
 * The default, "", gives the names the reference app's databases already have. The migrations
 * (drizzle/) are written for "" and renamed the same way by render-migrations.ts.
 */
export function createSchema<P extends string = "">(tablePrefix: P = "" as P) {
  assertTablePrefix(tablePrefix);
  /** People who sign in. Emails are stored lower-cased; the unique index relies on it. */
  const users = pgTable(`${tablePrefix}users` as `${P}users`, {
    id: text("id").primaryKey(),
    email: text("email").notNull().unique(),
    /** argon2id, PHC string format. */
    passwordHash: text("password_hash").notNull(),
    /** E.164; set only after the number proved it receives our codes. */
    phoneE164: text("phone_e164"),
    /** When the current number last proved it receives our codes. */
    phoneVerifiedAt: timestamp("phone_verified_at", { withTimezone: true }),
    twoFactorEnabled: boolean("two_factor_enabled").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  });

  /** Single-use recovery codes for a lost phone; only keyed hashes are kept. */
  const backupCodes = pgTable(`${tablePrefix}backup_codes` as `${P}backup_codes`,
    {
      id: text("id").primaryKey(),
      userId: text("user_id")
        .notNull()
        .references(() => users.id, { onDelete: "cascade" }),
      codeHash: text("code_hash").notNull(),
      usedAt: timestamp("used_at", { withTimezone: true }),
      createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    },
    (t) => [uniqueIndex(`${tablePrefix}backup_codes_user_hash`).on(t.userId, t.codeHash)],
  );

  /**
   * The live code for one user and purpose (at most one: a new code replaces the previous one).
   * Used only when Redis is not configured; the Redis store keeps the same fields in a hash.
   */
  const challenges = pgTable(`${tablePrefix}challenges` as `${P}challenges`,
    {
      userId: text("user_id").notNull(),
      /** "sign_in" | "enroll_phone" | "disable_2fa" | … */
      purpose: text("purpose").notNull(),
      /** Random id, so log lines and SMS records can point at one challenge without the code. */
      id: text("id").notNull(),
      /** The number the code went to; resends go only here. */
      phoneE164: text("phone_e164").notNull(),
      /** HMAC-SHA256 of the code (see core/code/hash-code.ts), hex. */
      codeHash: text("code_hash").notNull(),
      /**
       * The hash of the code a resend replaced (to the same number, unused), so typing that code
       * answers "earlier code" instead of spending a guess; it never passes. Null otherwise.
       */
      previousCodeHash: text("previous_code_hash"),
      /**
       * The country calling code whose conversion a right guess at this code counts toward (the
       * SMS-pumping guard's "verified"), counted by the one-step check itself; null for none.
       */
      conversionCallingCode: text("conversion_calling_code"),
      /** Wrong guesses spent on this code. */
      attempts: integer("attempts").notNull().default(0),
      maxAttempts: integer("max_attempts").notNull(),
      /** Epoch milliseconds; compared with the caller's clock so tests can move time. */
      expiresAtMs: bigint("expires_at_ms", { mode: "number" }).notNull(),
      sentAtMs: bigint("sent_at_ms", { mode: "number" }).notNull(),
      /** Set when the code was accepted; a consumed code never passes again. */
      consumedAtMs: bigint("consumed_at_ms", { mode: "number" }),
      /** The provider's id of the SMS that carried this code, for delivery status. */
      messageId: text("message_id"),
    },
    (t) => [uniqueIndex(`${tablePrefix}challenges_user_purpose`).on(t.userId, t.purpose), index(`${tablePrefix}challenges_expires`).on(t.expiresAtMs)],
  );

  /** Failed guesses on one account across all its codes; drives the growing lock. */
  const verificationFailures = pgTable(`${tablePrefix}verification_failures` as `${P}verification_failures`, {
    userId: text("user_id").primaryKey(),
    failures: integer("failures").notNull().default(0),
    /** Epoch milliseconds until which verification is locked; null when not locked. */
    lockedUntilMs: bigint("locked_until_ms", { mode: "number" }),
    /** Epoch milliseconds after which the counter is forgotten. */
    forgetAtMs: bigint("forget_at_ms", { mode: "number" }).notNull(),
  });

  /** rate-limiter-flexible's Drizzle backend: one row a limiter key. */
  const rateLimits = pgTable(`${tablePrefix}rate_limits` as `${P}rate_limits`, {
    key: text("key").primaryKey(),
    points: integer("points").notNull().default(0),
    expire: timestamp("expire", { mode: "date", withTimezone: true }),
  });

  /** Every SMS we tried to send, with the provider's id and the latest delivery status. */
  const smsMessages = pgTable(`${tablePrefix}sms_messages` as `${P}sms_messages`,
    {
      id: text("id").primaryKey(),
      /** "plivo" | "outbox" */
      provider: text("provider").notNull(),
      providerMessageId: text("provider_message_id"),
      toE164: text("to_e164").notNull(),
      countryCallingCode: text("country_calling_code"),
      /** Kept only for the dev outbox, which exists to show the text; never for real sends. */
      body: text("body"),
      /** queued | sent | delivered | undelivered | failed | rejected */
      status: text("status").notNull(),
      errorCode: text("error_code"),
      challengeId: text("challenge_id"),
      purpose: text("purpose"),
      userId: text("user_id"),
      createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
      updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    },
    (t) => [
      uniqueIndex(`${tablePrefix}sms_messages_provider_id`).on(t.providerMessageId),
      index(`${tablePrefix}sms_messages_to_created`).on(t.toE164, t.createdAt),
      index(`${tablePrefix}sms_messages_provider_created`).on(t.provider, t.createdAt),
      index(`${tablePrefix}sms_messages_created`).on(t.createdAt),
    ],
  );

  /** Security events a user can review and an operator can audit. Never holds codes. */
  const auditEvents = pgTable(`${tablePrefix}audit_events` as `${P}audit_events`,
    {
      id: text("id").primaryKey(),
      userId: text("user_id"),
      /** e.g. "sign_in.succeeded", "code.failed", "account.locked", "phone.changed" */
      type: text("type").notNull(),
      ip: text("ip"),
      detail: jsonb("detail").$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
      createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    },
    (t) => [
      index(`${tablePrefix}audit_events_user_created`).on(t.userId, t.createdAt),
      // An account's events of one type, newest first: "signed in before?" on a right code, and
      // the security log's pages of some types (drizzle/0013).
      index(`${tablePrefix}audit_events_user_type`).on(t.userId, t.type, t.createdAt),
    ],
  );

  /**
   * The SMS-pumping guard's counters: codes sent to and verified from one country calling code in one
   * minute (core/pumping/country-stats.ts). Conversion over the window is a sum of these rows; rows
   * older than a day are deleted as new sends are counted.
   */
  const smsCountryStats = pgTable(`${tablePrefix}sms_country_stats` as `${P}sms_country_stats`,
    {
      /** Country calling code without "+", e.g. "44". */
      callingCode: text("calling_code").notNull(),
      /** Epoch milliseconds of the minute's start, on the core's clock (tests move it). */
      bucketStartMs: bigint("bucket_start_ms", { mode: "number" }).notNull(),
      /** Code SMS the provider accepted. */
      sent: integer("sent").notNull().default(0),
      /** Codes typed in correctly. */
      verified: integer("verified").notNull().default(0),
    },
    (t) => [
      primaryKey({ name: `${tablePrefix}sms_country_stats_pk`, columns: [t.callingCode, t.bucketStartMs] }),
      // Reports read, and pruning deletes, by time across all codes.
      index(`${tablePrefix}sms_country_stats_bucket`).on(t.bucketStartMs),
    ],
  );

  /**
   * Countries the SMS-pumping guard stopped sending to: one row per calling code, the latest pause.
   * A pause is in force while paused_until is in the future; lifting one sets paused_until to the
   * lift time, so every app instance sees it at its next send.
   */
  const smsCountryPauses = pgTable(`${tablePrefix}sms_country_pauses` as `${P}sms_country_pauses`, {
    /** Country calling code without "+", e.g. "44". */
    callingCode: text("calling_code").primaryKey(),
    /** Sends resume at this instant (on the core's clock). */
    pausedUntil: timestamp("paused_until", { withTimezone: true }).notNull(),
    /** Why, in words for an operator: the numbers that tripped it. Never phone numbers. */
    reason: text("reason").notNull(),
    /** Codes sent and verified in the window when the pause began. */
    sent: integer("sent").notNull(),
    verified: integer("verified").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /** Set when an operator lifted the pause before it ran out. */
    liftedAt: timestamp("lifted_at", { withTimezone: true }),
  });

  /**
   * Server-side sessions (sessions/session-registry.ts): the session cookie carries the id, and a
   * session is signed in only while its row is here and live. Read by primary key on every request.
   */
  const sessions = pgTable(`${tablePrefix}sessions` as `${P}sessions`,
    {
      /** Random, 256 bits, base64url. */
      id: text("id").primaryKey(),
      userId: text("user_id").notNull(),
      /** "pending" | "full" */
      stage: text("stage").notNull(),
      /** What passed the second step ("sms", "backup_code", "password" when none was owed). */
      factor: text("factor"),
      /** Epoch milliseconds, on the core's clock (tests move it). */
      createdAtMs: bigint("created_at_ms", { mode: "number" }).notNull(),
      /** The absolute end, fixed at creation. */
      expiresAtMs: bigint("expires_at_ms", { mode: "number" }).notNull(),
      /** Coarse: moved at most once per touch interval. */
      lastSeenAtMs: bigint("last_seen_at_ms", { mode: "number" }).notNull(),
      ip: text("ip"),
      /** "Firefox on macOS"; never the raw user agent. */
      device: text("device"),
    },
    (t) => [index(`${tablePrefix}sessions_user`).on(t.userId, t.createdAtMs), index(`${tablePrefix}sessions_expires`).on(t.expiresAtMs)],
  );

  /**
   * Browsers a user trusted at the code step (trusted-devices/trusted-devices.ts): a password
   * sign-in from one skips the second step while its row is here, unexpired, of that user, and the
   * cookie's secret matches the keyed hash. Read by primary key once per sign-in. No foreign key.
   */
  const trustedDevices = pgTable(`${tablePrefix}trusted_devices` as `${P}trusted_devices`,
    {
      /** Random, 128 bits, base64url; the first half of the cookie's token. */
      id: text("id").primaryKey(),
      userId: text("user_id").notNull(),
      /** HMAC-SHA256 of the token's 256-bit secret, bound to id and user, base64url. */
      secretHash: text("secret_hash").notNull(),
      /** Epoch milliseconds, on the core's clock (tests move it). */
      createdAtMs: bigint("created_at_ms", { mode: "number" }).notNull(),
      /** Fixed at creation (TRUSTED_DEVICE_DAYS). */
      expiresAtMs: bigint("expires_at_ms", { mode: "number" }).notNull(),
      /** Coarse: moved at most once a minute. */
      lastUsedAtMs: bigint("last_used_at_ms", { mode: "number" }).notNull(),
      lastUsedIp: text("last_used_ip"),
      /** "Firefox on macOS"; never the raw user agent. */
      lastUsedDevice: text("last_used_device"),
    },
    (t) => [index(`${tablePrefix}trusted_devices_user`).on(t.userId, t.createdAtMs), index(`${tablePrefix}trusted_devices_expires`).on(t.expiresAtMs)],
  );

  /**
   * Authenticator apps (TOTP, RFC 6238) of a user. The secret is kept only encrypted (AES-256-GCM
   * under TOTP_ENCRYPTION_KEY, core/totp/secret-box.ts). A row with no confirmed_at is an
   * enrollment waiting for its first code; it never counts as a factor. No foreign key to users:
   * a host may keep its users elsewhere and still keep authenticators here.
   */
  const authenticators = pgTable(`${tablePrefix}authenticators` as `${P}authenticators`,
    {
      id: text("id").primaryKey(),
      userId: text("user_id").notNull(),
      /** The user's own label ("Phone app"), shown in settings. */
      name: text("name").notNull(),
      /** "v1.<iv>.<tag>.<ciphertext>", base64url parts. */
      secretCiphertext: text("secret_ciphertext").notNull(),
      createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
      /** When the first valid code turned it on; null while enrollment is pending. */
      confirmedAt: timestamp("confirmed_at", { withTimezone: true }),
      lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    },
    (t) => [index(`${tablePrefix}authenticators_user`).on(t.userId)],
  );

  /**
   * The last TOTP time step accepted for each authenticator app of a user (factor_steps, app id to
   * step, drizzle/0016), so a code is never accepted twice (RFC 6238 §5.2) while another app's own
   * code for the same step still is. last_step is what a check naming no app accepted (every check
   * before 0016). Kept beside verification_failures because one atomic check (twostep_verify_totp)
   * reads the lock and writes both; the Redis store keeps it under the user's hash tag.
   */
  const totpUsedSteps = pgTable(`${tablePrefix}totp_used_steps` as `${P}totp_used_steps`, {
    userId: text("user_id").primaryKey(),
    lastStep: bigint("last_step", { mode: "number" }).notNull(),
    factorSteps: jsonb("factor_steps").$type<Record<string, number>>().notNull().default(sql`'{}'::jsonb`),
  });

  /**
   * Security events waiting for the host's webhook (events/signed-webhook.ts): written when the
   * event happens, deleted once the receiver answered 2xx, so a receiver that is down, or an app
   * restarted meanwhile, still gets each event. Any instance may deliver a row it claimed.
   */
  const securityEventOutbox = pgTable(`${tablePrefix}security_event_outbox` as `${P}security_event_outbox`,
    {
      /** Also sent as x-twostep-event-id, so a receiver can drop a second delivery. */
      id: text("id").primaryKey(),
      /** The JSON body as signed; masked values only. */
      body: text("body").notNull(),
      attempts: integer("attempts").notNull().default(0),
      /** Epoch milliseconds; a claim moves it past the delivery's timeout so no one else takes the row meanwhile. */
      nextAttemptAtMs: bigint("next_attempt_at_ms", { mode: "number" }).notNull(),
      createdAtMs: bigint("created_at_ms", { mode: "number" }).notNull(),
    },
    (t) => [index(`${tablePrefix}security_event_outbox_due`).on(t.nextAttemptAtMs, t.createdAtMs)],
  );

  /**
   * The dev mail outbox (adapters/sql/sql-mail-outbox.ts): mail kept instead of sent when no SMTP
   * server is configured (development, or a staging deployment that opted in), for /dev/mail.
   */
  const mailOutbox = pgTable(`${tablePrefix}mail_outbox` as `${P}mail_outbox`,
    {
      id: text("id").primaryKey(),
      toAddress: text("to_address").notNull(),
      subject: text("subject").notNull(),
      /** The plain text as it would have been sent (a reset mail holds its link). */
      body: text("body").notNull(),
      /** MailToSend["kind"]: security_notice, password_reset or sign_up. */
      kind: text("kind").notNull(),
      createdAtMs: bigint("created_at_ms", { mode: "number" }).notNull(),
    },
    (t) => [index(`${tablePrefix}mail_outbox_created`).on(t.createdAtMs)],
  );

  /**
   * Security notices waiting for the mail server (notices/security-notices.ts), like the webhook's
   * outbox above: written when the event happens, deleted once the server took the mail, so a mail
   * server that is down, or an app restarted meanwhile, still sends each notice.
   */
  const securityNoticeOutbox = pgTable(`${tablePrefix}security_notice_outbox` as `${P}security_notice_outbox`,
    {
      id: text("id").primaryKey(),
      /** The event as JSON (type, user, when, where, masked detail); the mail is written when sent. */
      body: text("body").notNull(),
      attempts: integer("attempts").notNull().default(0),
      nextAttemptAtMs: bigint("next_attempt_at_ms", { mode: "number" }).notNull(),
      createdAtMs: bigint("created_at_ms", { mode: "number" }).notNull(),
    },
    (t) => [index(`${tablePrefix}security_notice_outbox_due`).on(t.nextAttemptAtMs, t.createdAtMs)],
  );

  /**
   * Password-reset links (adapters/accounts/password-reset.ts): only an HMAC of each token, under a
   * key derived from the code-hash key, so neither a database reader can use a link nor a database
   * writer plant one. At most one row a user: a new request deletes the earlier ones. A link passes
   * once, while used_at_ms is null and expires_at_ms is ahead. No foreign key, like sessions.
   */
  const passwordResets = pgTable(`${tablePrefix}password_resets` as `${P}password_resets`,
    {
      id: text("id").primaryKey(),
      userId: text("user_id").notNull(),
      /** HMAC-SHA256 of the token, hex. */
      tokenHash: text("token_hash").notNull(),
      /** Epoch milliseconds, on the core's clock (tests move it). */
      createdAtMs: bigint("created_at_ms", { mode: "number" }).notNull(),
      expiresAtMs: bigint("expires_at_ms", { mode: "number" }).notNull(),
      /** Set by the one statement that accepts the link; a used link never passes again. */
      usedAtMs: bigint("used_at_ms", { mode: "number" }),
    },
    (t) => [
      uniqueIndex(`${tablePrefix}password_resets_token_hash`).on(t.tokenHash),
      index(`${tablePrefix}password_resets_user`).on(t.userId),
      index(`${tablePrefix}password_resets_expires`).on(t.expiresAtMs),
    ],
  );

  /**
   * Sign-ups waiting for their emailed link (accounts/sign-up-links.ts): the address, the hash of
   * the password chosen at sign-up and the keyed hash of the link's token. The account is created
   * only when the link is used with that password, so a sign-up answers alike whether or not the
   * address has an account. No foreign key: the users row does not exist yet.
   */
  const signUpRequests = pgTable(`${tablePrefix}sign_up_requests` as `${P}sign_up_requests`,
    {
      id: text("id").primaryKey(),
      email: text("email").notNull(),
      /** argon2id of the password typed at sign-up. */
      passwordHash: text("password_hash").notNull(),
      /** HMAC-SHA256 of the token, hex. */
      tokenHash: text("token_hash").notNull(),
      /** Epoch milliseconds, on the core's clock (tests move it). */
      createdAtMs: bigint("created_at_ms", { mode: "number" }).notNull(),
      expiresAtMs: bigint("expires_at_ms", { mode: "number" }).notNull(),
    },
    (t) => [
      uniqueIndex(`${tablePrefix}sign_up_requests_token_hash`).on(t.tokenHash),
      index(`${tablePrefix}sign_up_requests_email`).on(t.email),
      index(`${tablePrefix}sign_up_requests_expires`).on(t.expiresAtMs),
    ],
  );

  return {
    tablePrefix: tablePrefix as P,
    users,
    backupCodes,
    challenges,
    verificationFailures,
    rateLimits,
    smsMessages,
    auditEvents,
    smsCountryStats,
    smsCountryPauses,
    sessions,
    trustedDevices,
    authenticators,
    totpUsedSteps,
    securityEventOutbox,
    mailOutbox,
    securityNoticeOutbox,
    passwordResets,
    signUpRequests,
  };
}

/** The tables one twostep installation uses; `createSchema(prefix)` makes them. */
export type SqlTables = ReturnType<typeof createSchema<string>>;
