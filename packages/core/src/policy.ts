/**
 * Every limit the 2FA core enforces, with its unit in the name and where the number comes from.
 * Values that operators may tune are read from config (see config/env.ts); these are the defaults
 * and the hard bounds.
 */

/** 6 digits: 10^6 codes. With 5 guesses per code an attacker wins one code in 200,000. */
export const CODE_DIGITS = 6;

/** NIST SP 800-63B §5.1.3.2 asks that out-of-band secrets expire; 10 minutes is its ceiling. */
export const CODE_TTL_MINUTES_DEFAULT = 5;
export const CODE_TTL_MINUTES_MAX = 10;

/** Wrong guesses one code survives before it is dead (NIST 800-63B §5.2.2 rate limiting). */
export const MAX_ATTEMPTS_PER_CODE = 5;

/**
 * Account-wide failed guesses, across codes, resends and restarted sign-ins, before verification
 * locks. Each failure past the threshold doubles the lock, starting at the base, up to the cap.
 * A success resets the counter.
 */
export const ACCOUNT_LOCK_THRESHOLD_FAILURES = 10;
export const ACCOUNT_LOCK_BASE_SECONDS = 60;
export const ACCOUNT_LOCK_MAX_SECONDS = 24 * 60 * 60;

/**
 * How long an account failure counter is remembered without new failures, counted from the end of
 * the lock the last failure set (from the failure when it set none), so the count is still there
 * when even the longest lock ends.
 */
export const ACCOUNT_FAILURE_MEMORY_SECONDS = 24 * 60 * 60;

/** Server-enforced pause between two codes for the same user and purpose. */
export const RESEND_COOLDOWN_SECONDS = 30;

/** Sending caps: protect users from SMS floods and operators from SMS pumping bills. */
export const SENDS_PER_USER_PER_HOUR = 10;
/** Codes to a verified number of record (sign-in, turning 2FA off, re-proving it), per number. */
export const SENDS_PER_PHONE_PER_HOUR = 10;

/**
 * Codes to a number nobody has proved yet (enrollment) have budgets of their own, so strangers who
 * "enroll" a victim's number can neither flood it nor spend what the owner's sign-in codes need.
 * Per number, across every account: a person enrolling their own phone needs one code, two on a
 * bad day.
 */
export const ENROLLMENT_SENDS_PER_PHONE_PER_HOUR = 3;
/** Distinct unproven numbers one account may send codes to in a day (a typo, a second phone). */
export const ENROLLMENT_NUMBERS_PER_USER_PER_DAY = 5;
export const SENDS_PER_IP_PER_HOUR = 20;
export const SENDS_GLOBAL_PER_HOUR_DEFAULT = 1000;

/**
 * Code checks from one IP across all accounts: stops one client from spraying guesses over many
 * accounts, each under its own per-code cap.
 */
export const VERIFIES_PER_IP_PER_15_MINUTES = 60;
export const VERIFY_IP_WINDOW_SECONDS = 15 * 60;

/** A hour, in seconds, for the windows above. */
export const HOUR_SECONDS = 60 * 60;

/** Password length: NIST SP 800-63B §5.1.1.2 asks for at least 8; the cap bounds the hashing work one request can cause. */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

/**
 * Password attempts (docs/decisions/008-sign-in-limits-a-stranger-cannot-spend.md). Per IP, as the
 * OWASP authentication cheat sheet asks: one client's guesses over many accounts.
 */
export const SIGN_INS_PER_IP_PER_15_MINUTES = 30;
export const SIGN_IN_WINDOW_SECONDS = 15 * 60;

/**
 * The hard block is per (email, IP) pair: a stranger's wrong guesses refuse the stranger, not the
 * owner signing in from elsewhere. Ten, the per-email number this limit had before, so a guesser
 * from one address pays exactly what it paid then.
 */
export const SIGN_INS_PER_EMAIL_AND_IP_PER_15_MINUTES = 10;
/** @deprecated The per-email hard block is now per (email, IP): SIGN_INS_PER_EMAIL_AND_IP_PER_15_MINUTES. */
export const SIGN_INS_PER_EMAIL_PER_15_MINUTES = SIGN_INS_PER_EMAIL_AND_IP_PER_15_MINUTES;

/**
 * The same pair, per day: the 15-minute window refills, so without this one address paced at
 * ten tries every 15 minutes spent the email-wide ceiling below alone in 2.5 hours and refused
 * the owner's new browsers for the rest of the day. A tenth of that ceiling, so spending it takes
 * more than ten addresses, as decision 008 assumes. A correct password resets it (for that pair).
 */
export const SIGN_INS_PER_EMAIL_AND_IP_PER_DAY = 10;

/**
 * Every address together, per email, from browsers that never signed in to it: a ceiling far above
 * what one stranger's address can spend, which still bounds guessing spread over many addresses.
 * NIST SP 800-63B §5.2.2 caps consecutive failed attempts on one account at 100; a success resets.
 * Today's per-email limit allowed 960 a day.
 */
export const SIGN_INS_PER_EMAIL_PER_DAY = 100;

/**
 * A browser that signed in to this account before (a signed device cookie) skips the (email, IP)
 * and email-wide windows above and draws on its own, which strangers can't reach.
 */
export const SIGN_INS_PER_EMAIL_FROM_KNOWN_DEVICES_PER_15_MINUTES = 10;

/** New accounts per IP per hour. */
export const SIGN_UPS_PER_IP_PER_HOUR = 10;

/**
 * Backup-code tries, per 15 minutes: 50-bit codes, so these are about floods, not guessing. The
 * strict window is per (account, IP), so someone holding only the password who spends theirs does
 * not spend the owner's; the account-wide ceiling is higher and bounds a spread attack; a browser
 * that signed in to the account before has a window of its own. None of them shares anything
 * with the SMS code's account lock.
 */
export const BACKUP_CODE_TRIES_PER_15_MINUTES = 5;
export const BACKUP_CODE_TRIES_PER_ACCOUNT_PER_15_MINUTES = 30;

/** A phone proof counts for turning on 2FA only this long after the code was accepted. */
export const PHONE_PROOF_FRESH_MINUTES = 10;

/** A password-only ("pending") session must finish the second factor within this time. */
export const PENDING_SESSION_MINUTES = 10;

/**
 * SMS-pumping guard (core/pumping; docs/decisions/006-sms-pumping-guard.md). Pumping fraud makes a
 * sign-up or sign-in form send floods of codes to numbers the fraudster is paid for, usually in a
 * few costly countries; nobody ever types those codes in. The guard caps spend per country calling
 * code and per day, and pauses a country whose codes stop being used.
 *
 * Per calling code, per hour. 100 is far above what a small or mid-sized deployment sends to one
 * country in an hour, and bounds the bill of an attack to one country at about 100 × $0.30 (the
 * price of SMS to the costliest destinations) an hour. Raise the home market with
 * SMS_COUNTRY_HOURLY_BUDGETS, e.g. "1:1000".
 */
export const SMS_COUNTRY_HOURLY_BUDGET_DEFAULT = 100;

/**
 * Enrollment codes (to numbers nobody has proved) may spend at most this share of a country's
 * hourly budget and of the global daily budget: throwaway accounts can make that traffic for free,
 * so it must never leave codes to verified numbers without budget.
 */
export const SMS_ENROLLMENT_BUDGET_PERCENT_DEFAULT = 20;

/** Every country together, per rolling day from the first send: caps a day's worst bill at ~5,000 SMS. */
export const SMS_GLOBAL_DAILY_BUDGET_DEFAULT = 5_000;

/**
 * Conversion = codes verified / codes sent to one calling code over the window, counting only codes
 * to numbers of record (sign-in, turning 2FA off): reaching those takes an account whose phone
 * proved itself, which an attacker can't make cheaply; enrollment codes have their budget share
 * above instead. A pause never stops codes to numbers verified before it began. Genuine SMS 2FA
 * traffic converts at roughly 60–90% (people who asked for a code type it in); pumped traffic
 * converts at ~0%. Below 20%, after at least 30 sends in the window, the country is paused: 30 is
 * enough that a handful of abandoned sign-ins can't trip it, and 20% leaves room for a bad
 * delivery day. The pause lasts an hour (a whole window, so the attack's sends have aged out by
 * then) and an operator can lift it early (`npm run twostep -- resume <code>`).
 */
export const PUMPING_WINDOW_MINUTES_DEFAULT = 60;
export const PUMPING_MIN_SENDS_DEFAULT = 30;
export const PUMPING_MIN_CONVERSION_PERCENT_DEFAULT = 20;
export const PUMPING_PAUSE_MINUTES_DEFAULT = 60;

/** Bounds an operator may set: a window of at most a day, a pause of at most a week. */
export const PUMPING_WINDOW_MINUTES_MAX = 24 * 60;
export const PUMPING_PAUSE_MINUTES_MAX = 7 * 24 * 60;

/** The conversion window is summed from per-minute counters; this many seconds each. */
export const PUMPING_STATS_BUCKET_SECONDS = 60;

/** Per-minute counters are deleted after a day (the window is never longer). */
export const PUMPING_STATS_RETENTION_SECONDS = 24 * 60 * 60;

/** A day, in seconds, for the global daily budget. */
export const DAY_SECONDS = 24 * 60 * 60;

/**
 * With 2FA on, moving it to another phone needs a sign-in (password and code) this recent: a
 * stolen session alone must not be able to take over the second factor.
 */
export const PHONE_CHANGE_REAUTH_MINUTES = 10;

/** Password re-checks (turning 2FA off, new backup codes) per account per 15 minutes. */
export const REAUTH_TRIES_PER_15_MINUTES = 5;

/**
 * Authenticator apps (TOTP, RFC 6238): the parameters every app reads from the QR code (SHA-1,
 * 30 s, 6 digits; RFC 6238 §4, Google Authenticator's key-uri format). One step either side
 * covers clock drift and a code typed as it changes (RFC 6238 §5.2 suggests at most one).
 */
export const TOTP_DIGITS = 6;
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_WINDOW_STEPS = 1;
/** 160-bit secrets: the HMAC-SHA-1 block RFC 4226 §4 recommends. */
export const TOTP_SECRET_BYTES = 20;
/** A started enrollment must be confirmed with a code within this time, or start again. */
export const TOTP_ENROLLMENT_MINUTES = 15;
/** Authenticators one account may hold (each is one more secret to keep). */
export const TOTP_FACTORS_PER_ACCOUNT_MAX = 5;
/** Longest name a user may give a factor. */
export const FACTOR_NAME_MAX_LENGTH = 40;
