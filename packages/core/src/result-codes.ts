/**
 * The closed set of outcomes the core reports. Adapters map them to HTTP statuses and to the
 * user-facing messages in ./messages.ts; tests assert on these codes, never on message text.
 */
export const ErrorCode = {
  /** The code was wrong; `attemptsLeft` more guesses are allowed on this code. */
  INVALID_CODE: "INVALID_CODE",
  /**
   * The code is the one a resend replaced: use the latest. It never passes and counts toward the
   * account lock, but not against the latest code, which keeps its `attemptsLeft`.
   */
  EARLIER_CODE: "EARLIER_CODE",
  /** The input is not six digits. Does not count as a guess. */
  MALFORMED_CODE: "MALFORMED_CODE",
  /** The code's lifetime ran out; ask for a new one. */
  CODE_EXPIRED: "CODE_EXPIRED",
  /** The code took its last wrong guess and is dead; ask for a new one. */
  TOO_MANY_ATTEMPTS: "TOO_MANY_ATTEMPTS",
  /** Too many failures on this account; verification is locked until `retryAfterSeconds` pass. */
  LOCKED: "LOCKED",
  /** A sending or checking limit was hit; retry after `retryAfterSeconds`. */
  RATE_LIMITED: "RATE_LIMITED",
  /** No live code for this user and purpose: none was sent, or it was already used. */
  NOT_FOUND: "NOT_FOUND",
  /** The phone number can't be parsed, or it is not a number that receives SMS. */
  INVALID_PHONE: "INVALID_PHONE",
  /** The number is a landline (libphonenumber's FIXED_LINE): it can't receive SMS. */
  PHONE_IS_LANDLINE: "PHONE_IS_LANDLINE",
  /** The number is premium-rate, toll-free or shared-cost: never sent to (SMS pumping). */
  PHONE_IS_SERVICE_NUMBER: "PHONE_IS_SERVICE_NUMBER",
  /** SMS to the number's country is not allowed by config; `allowedCountries` names those that are. */
  COUNTRY_NOT_ALLOWED: "COUNTRY_NOT_ALLOWED",
  /** SMS to this country is paused by the SMS-pumping guard; use a backup code. */
  COUNTRY_PAUSED: "COUNTRY_PAUSED",
  /** The SMS provider refused or failed to take the message; a later try may work. */
  SEND_FAILED: "SEND_FAILED",
  /** The provider refused this number itself (its fraud screen): no retry to it will work. */
  PHONE_BLOCKED_BY_PROVIDER: "PHONE_BLOCKED_BY_PROVIDER",
  /** Sign-in or re-authentication failed; never says which factor or whether the account exists. */
  INVALID_CREDENTIALS: "INVALID_CREDENTIALS",
  /** A field is missing or has the wrong shape; `field` names it when that is safe to say. */
  INVALID_INPUT: "INVALID_INPUT",
  /** The new password is on the list of common passwords (adapters/accounts/common-passwords.ts). */
  COMMON_PASSWORD: "COMMON_PASSWORD",
  /** The password-reset link expired, was used, was replaced by a newer one, or was never issued; ask for a new link. */
  RESET_LINK_INVALID: "RESET_LINK_INVALID",
  /** The account can't be created with these details (accounts.signUp, for hosts that proved the address themselves). */
  SIGN_UP_REFUSED: "SIGN_UP_REFUSED",
  /** The emailed sign-up link expired, was used, or was never issued; sign up again (or sign in). */
  SIGN_UP_LINK_INVALID: "SIGN_UP_LINK_INVALID",
  /** 2FA needs a phone number that proved, in the last 10 minutes, that it receives our codes. */
  PHONE_NOT_VERIFIED: "PHONE_NOT_VERIFIED",
  /** Changing the second factor needs a recent sign-in (with the current factor). */
  REAUTH_REQUIRED: "REAUTH_REQUIRED",
  /** The backup code is wrong or was used before. */
  INVALID_BACKUP_CODE: "INVALID_BACKUP_CODE",
  /** A backing store is unreachable. The core fails closed: no code passes. */
  UNAVAILABLE: "UNAVAILABLE",
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export type Failure<C extends ErrorCode = ErrorCode, Extra = object> = { ok: false; code: C } & Extra;
