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

/** How long an account failure counter is remembered without new failures. */
export const ACCOUNT_FAILURE_MEMORY_SECONDS = 24 * 60 * 60;

/** Server-enforced pause between two codes for the same user and purpose. */
export const RESEND_COOLDOWN_SECONDS = 30;

/** Sending caps: protect users from SMS floods and operators from SMS pumping bills. */
export const SENDS_PER_USER_PER_HOUR = 10;
export const SENDS_PER_PHONE_PER_HOUR = 10;
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

/** Sign-in attempts: per IP and per email, in a 15-minute window (OWASP authentication cheat sheet). */
export const SIGN_INS_PER_IP_PER_15_MINUTES = 30;
export const SIGN_INS_PER_EMAIL_PER_15_MINUTES = 10;
export const SIGN_IN_WINDOW_SECONDS = 15 * 60;

/** New accounts per IP per hour. */
export const SIGN_UPS_PER_IP_PER_HOUR = 10;

/** Backup-code tries per account per 15 minutes: 50-bit codes, so this is about floods, not guessing. */
export const BACKUP_CODE_TRIES_PER_15_MINUTES = 5;

/** A phone proof counts for turning on 2FA only this long after the code was accepted. */
export const PHONE_PROOF_FRESH_MINUTES = 10;

/** A password-only ("pending") session must finish the second factor within this time. */
export const PENDING_SESSION_MINUTES = 10;
