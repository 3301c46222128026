import { listCountryNames } from "./phone/country-names.js";
import { ErrorCode } from "./result-codes.js";

/**
 * What a person reads for each outcome. One place, so every adapter (pages, GraphQL, CLI) says
 * the same thing. None of them says whether an account exists or which factor failed.
 */
export const errorMessages: Record<ErrorCode, string> = {
  INVALID_CODE: "That code is not right. Check the latest SMS and try again.",
  EARLIER_CODE: "That was an earlier code; use the latest one we sent.",
  MALFORMED_CODE: "Enter the 6-digit code from the SMS.",
  CODE_EXPIRED: "That code has expired. Ask for a new code.",
  TOO_MANY_ATTEMPTS: "Too many wrong codes. Ask for a new code.",
  LOCKED: "Too many failed attempts. Verification is paused for a while.",
  RATE_LIMITED: "Too many tries for now.",
  NOT_FOUND: "There is no active code. Ask for a new code.",
  INVALID_PHONE: "Enter a mobile phone number, with its country code (for example +1 415 555 0123).",
  PHONE_IS_LANDLINE: "That is a landline number, and landlines can't receive SMS. Enter a mobile number.",
  PHONE_IS_SERVICE_NUMBER: "Premium-rate, toll-free and shared-cost numbers can't receive our SMS. Enter a personal mobile number.",
  COUNTRY_NOT_ALLOWED: "We can't send SMS to that country.",
  COUNTRY_PAUSED: "SMS to this country is paused for now. Use a backup code, or try again later.",
  SEND_FAILED: "We couldn't send the SMS. Try again in a moment, or use a backup code.",
  PHONE_BLOCKED_BY_PROVIDER: "Our SMS provider won't deliver to this number. Use a backup code, or another way to sign in.",
  INVALID_CREDENTIALS: "Those details are not right. Check them and try again.",
  INVALID_INPUT: "Some details are missing or not in the right form.",
  COMMON_PASSWORD: "That password is one of the most commonly used, so it is among the first an attacker tries. Choose another.",
  RESET_LINK_INVALID: "This reset link has expired or was already used. Ask for a new link.",
  SIGN_UP_REFUSED: "We couldn't create an account with those details. If you already have one, sign in instead.",
  SIGN_UP_LINK_INVALID: "This sign-up link has expired or was already used. Sign up again, or sign in if your account is ready.",
  PHONE_NOT_VERIFIED: "Verify your phone number first, then turn on two-factor authentication.",
  REAUTH_REQUIRED: "For your security, sign out and sign in again (with your code) before changing your phone number.",
  INVALID_BACKUP_CODE: "That backup code is not valid, or it was already used.",
  UNAVAILABLE: "The service is temporarily unavailable. Please try again shortly.",
};

/**
 * Shown while a code is live but the provider reported its SMS undelivered, failed or rejected
 * (challenge status `delivery.status`; isDeliveryProblem in sms/delivery-status.ts decides).
 */
export const deliveryProblemMessage = "We couldn't deliver the SMS to your phone. Send a new code or use a backup code.";

/** The same news while adding a phone, where a backup code doesn't help. */
export const enrollmentDeliveryProblemMessage =
  "We couldn't deliver the SMS to that number. Check that it is a mobile number, send a new code, or use a different number.";

/**
 * The same outcomes while a phone number is being added or changed. Backup codes are no way out
 * there (someone adding a first number has none yet, and none changes a number); another number is.
 */
export const enrollmentErrorMessages: Partial<Record<ErrorCode, string>> = {
  SEND_FAILED: "We couldn't send the SMS. Try again in a moment, or use a different number.",
  PHONE_BLOCKED_BY_PROVIDER: "This number can't receive our SMS; use another number.",
  COUNTRY_PAUSED: "SMS to this country is paused for now. Use a number in another country, or try again later.",
};

type DescribedFailure = {
  code: ErrorCode;
  attemptsLeft?: number;
  retryAfterSeconds?: number;
  /** COUNTRY_NOT_ALLOWED: the ISO codes we do send to, named in the message. */
  allowedCountries?: readonly string[];
  /**
   * INVALID_INPUT from removeAuthenticator: the app became the last factor after the page was
   * shown (another app was removed meanwhile), so its removal now takes the password and a code.
   */
  lastFactor?: boolean;
};

/** INVALID_INPUT with `lastFactor`: says what changed and what the removal takes now. */
export const lastFactorRemovalMessage =
  "This is now your only authenticator app, so removing it turns two-factor authentication off. Enter your password and a current code from the app to remove it.";

/** Appends the details a user needs to act (guesses left, when to retry, where we send). */
export function describeFailure(failure: DescribedFailure): string {
  return withDetails(errorMessages[failure.code], failure);
}

/** describeFailure for the forms that add or change a phone number (enrollmentErrorMessages). */
export function describeEnrollmentFailure(failure: DescribedFailure): string {
  return withDetails(enrollmentErrorMessages[failure.code] ?? errorMessages[failure.code], failure);
}

function withDetails(base: string, failure: DescribedFailure): string {
  if (failure.code === "INVALID_INPUT" && failure.lastFactor === true) return lastFactorRemovalMessage;
  if (failure.code === "COUNTRY_NOT_ALLOWED" && failure.allowedCountries && failure.allowedCountries.length > 0) {
    return `${base} We send SMS to numbers in ${listCountryNames(failure.allowedCountries)}.`;
  }
  if ((failure.code === "INVALID_CODE" || failure.code === "EARLIER_CODE") && failure.attemptsLeft !== undefined) {
    const noun = failure.attemptsLeft === 1 ? "attempt" : "attempts";
    return `${base} ${failure.attemptsLeft} ${noun} left.`;
  }
  if (failure.retryAfterSeconds !== undefined && failure.retryAfterSeconds > 0) {
    const when = `in ${formatDuration(failure.retryAfterSeconds)}`;
    // A message that already offers "try again later" says when instead, so it says it once.
    if (base.endsWith(TRY_AGAIN_LATER)) return `${base.slice(0, -TRY_AGAIN_LATER.length)}try again ${when}.`;
    return `${base} Try again ${when}.`;
  }
  // A limit always says what to do: when, above, or else at least that it passes.
  if (failure.code === "RATE_LIMITED") return `${base} Try again later.`;
  return base;
}

const TRY_AGAIN_LATER = "try again later.";

export function formatDuration(seconds: number): string {
  const s = Math.ceil(seconds);
  if (s < 60) return `${s} second${s === 1 ? "" : "s"}`;
  const m = Math.ceil(s / 60);
  if (m < 60) return `${m} minute${m === 1 ? "" : "s"}`;
  const h = Math.ceil(m / 60);
  return `${h} hour${h === 1 ? "" : "s"}`;
}

/**
 * What a person reads when something worked, beside the failures above, so the pages and the
 * GraphQL API say the same sentence. Phone numbers appear by their last four digits only.
 */
export const successMessages = {
  codeSent: (phoneLastDigits: string) => `We sent a code to the number ending in ${phoneLastDigits}.`,
  newCodeSent: (phoneLastDigits: string) => `We sent a new code to the number ending in ${phoneLastDigits}.`,
  phoneVerified: (phoneLastDigits: string) => `Phone number ending in ${phoneLastDigits} verified.`,
  phoneChangeCancelled: "Cancelled. You can enter a different number.",
  signedIn: "You are signed in.",
  twoFactorOn: "Two-factor authentication is on.",
  twoFactorOff: "Two-factor authentication is off.",
  backupCodesReplaced: "New backup codes are ready. Your old codes no longer work.",
  backupCodeAccepted: "Backup code accepted. You are signed in.",
  passwordChanged: "Password changed.",
  /** After a sign-up: the same words whether or not the address already had an account. */
  signUpLinkSent: (email: string) => `Check your email: we sent a message to ${email} with a link to finish creating your account.`,
  accountCreated: "Your account is ready. You are signed in.",
  /** Said after a change that ends the user's other sessions, when ending them failed. */
  otherSessionsNotEnded: "Your other signed-in browsers could not be signed out just now: sign them out from your list of sessions.",
  /**
   * Said after a password reset (which signs no one in) that could not end the account's
   * sessions: the password changed, but browsers signed in before still are.
   */
  resetSessionsNotEnded:
    "Browsers signed in to your account before the reset could not be signed out just now: sign in with your new password, then choose “Sign out everywhere else” in your security settings.",
  /** Said after a password reset that could not forget the browsers trusted to skip the code. */
  resetTrustedBrowsersNotForgotten:
    "Your trusted browsers could not be removed just now: sign in with your new password, then remove them all under “Trusted browsers” in your security settings.",
} as const;
