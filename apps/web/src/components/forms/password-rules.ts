/**
 * The password length rule as the forms state it. Mirrors PASSWORD_MIN_LENGTH / PASSWORD_MAX_LENGTH
 * in packages/core/src/policy.ts (not imported into client code: the core's entry pulls in argon2).
 */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

/** The standing hint under a new-password field (sign-up and settings say the same). */
export const newPasswordHint = `At least ${PASSWORD_MIN_LENGTH} characters. A phrase of a few words is easy to remember and hard to guess.`;

/** A new password the core refused as malformed (INVALID_INPUT on newPassword): what to change. */
export const newPasswordLengthMessage = `Your new password needs at least ${PASSWORD_MIN_LENGTH} characters (and at most ${PASSWORD_MAX_LENGTH}).`;
