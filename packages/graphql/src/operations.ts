import { knownCountry, successMessages } from "@twostep/core";
import type { TwoStepGraphQLContext } from "./context.js";
import { codesAwaited, explainUndeliveredCode, smsDeliveryProblem } from "./delivery-problem.js";
import { messageAfterChange } from "./end-other-sessions-after-change.js";
import { badUserInput, unauthenticated } from "./errors.js";
import { failed, phoneEntryFailed, signInFailed, succeeded, type MutationResult } from "./mutation-result.js";
import { requireViewer } from "./require-viewer.js";

/**
 * The API's operations as plain functions of (context, arguments): the yoga resolvers
 * (./resolvers.ts) and a RedwoodJS service (docs/redwood.md) both call these. Each one checks
 * the session first, through requireViewer, then makes one core call and translates its result.
 */

export type Me = {
  email: string;
  /** "•••• 0123": the last four digits only (docs/graphql.md). */
  phoneHint: string | null;
  twoFactorEnabled: boolean;
  /** The session is full: the SMS code was entered, or the account has no 2FA. */
  twoFactorVerified: boolean;
  /** Set while the SMS of a live code this session waits for was not delivered (./delivery-problem.ts). */
  smsDeliveryProblem: string | null;
  /** The second factors this account can pass ("totp", "sms", "backup_code"); empty without 2FA. */
  factors: string[];
};

export async function me(ctx: TwoStepGraphQLContext): Promise<Me> {
  const viewer = requireViewer(ctx, "pending-or-full");
  const profile = await ctx.twoFactor.profile(viewer.userId);
  // A valid session for a deleted account is no session.
  if (!profile) throw unauthenticated();
  return {
    email: viewer.email,
    phoneHint: profile.phoneLastDigits ? `•••• ${profile.phoneLastDigits}` : null,
    twoFactorEnabled: profile.twoFactorEnabled,
    twoFactorVerified: viewer.kind === "full",
    smsDeliveryProblem: await smsDeliveryProblem(ctx, viewer.userId, codesAwaited(viewer)),
    factors: ctx.twoFactor.availableSecondFactors
      ? await ctx.twoFactor.availableSecondFactors(viewer.userId)
      : profile.twoFactorEnabled && profile.phoneLastDigits
        ? ["sms", "backup_code"]
        : [],
  };
}

/**
 * Sends a code to a number the server already holds; it never takes a number from the client.
 * Pending session: a new sign-in code to the number on record (the first went out at sign-in, so
 * this is a resend, and the core's cooldown applies). Full session: whatever code the user can
 * need next, as the core's requestCodeForSignedInUser decides (a live phone-number code again,
 * else a code to turn 2FA off, else a re-proof of the number on record).
 */
export async function requestOtp(ctx: TwoStepGraphQLContext): Promise<MutationResult> {
  const viewer = requireViewer(ctx, "pending-or-full");
  const actor = { userId: viewer.userId, ip: ctx.ip };
  const result =
    viewer.kind === "pending" ? await ctx.twoFactor.sendSignInCode(actor) : await ctx.twoFactor.requestCodeForSignedInUser(actor);
  if (!result.ok) return failed(result);
  return succeeded(successMessages.codeSent(result.status.phoneLastDigits));
}

/**
 * Checks a code through the core (format, expiry, per-code attempts, account lockout, per-IP
 * limit, single use). Pending session: the sign-in code; on success the host replaces the session
 * with a new full one (ctx.completeSignIn). Full session: the phone-number code, which saves the
 * number and ends the user's other sessions.
 */
export async function verifyOtp(ctx: TwoStepGraphQLContext, args: { otp: string }): Promise<MutationResult> {
  const viewer = requireViewer(ctx, "pending-or-full");
  if (viewer.kind === "pending") {
    const result = await ctx.completeSignIn(viewer, { factor: "sms", code: args.otp });
    return result.ok ? succeeded(successMessages.signedIn) : explainUndeliveredCode(ctx, viewer.userId, "sign_in", signInFailed(result), result.undelivered);
  }
  const result = await ctx.twoFactor.confirmPhoneEnrollment({ userId: viewer.userId, code: args.otp, ip: ctx.ip });
  if (result.ok) return succeeded(await messageAfterChange(ctx, viewer, successMessages.phoneVerified(result.phoneLastDigits)));
  return explainUndeliveredCode(ctx, viewer.userId, "enroll_phone", failed(result), "undelivered" in result ? result.undelivered : undefined);
}

/**
 * Pending session only: finishes sign-in with one of the backup codes instead of the SMS code
 * (a lost phone, an SMS that never comes). Each code works once; on success the host replaces the
 * session with a new full one, exactly as after verifyOtp. A full session has nothing to finish.
 */
export async function verifyBackupCode(ctx: TwoStepGraphQLContext, args: { code: string }): Promise<MutationResult> {
  const viewer = requireViewer(ctx, "pending");
  const result = await ctx.completeSignIn(viewer, { factor: "backup_code", code: args.code });
  return result.ok ? succeeded(successMessages.backupCodeAccepted) : signInFailed(result);
}

/**
 * Sends a code to a new number; the number is saved only when verifyOtp gets that code back.
 * `country` (ISO 3166-1 alpha-2, a form's country picker) reads a number typed without its "+"
 * code, as dialled there; a "+" number ignores it. One that is no such code is refused
 * (BAD_USER_INPUT) rather than ignored, so a client's bug never reads the number in no country.
 */
export async function setPhoneNumber(ctx: TwoStepGraphQLContext, args: { phoneNumber: string; country?: string | null }): Promise<MutationResult> {
  const viewer = requireViewer(ctx, "full");
  const country = args.country == null ? undefined : knownCountry(args.country);
  if (args.country != null && !country) throw badUserInput("country", 'country must be an ISO 3166-1 alpha-2 code, like "GB" or "US".');
  const result = await ctx.twoFactor.beginPhoneEnrollment({ userId: viewer.userId, phone: args.phoneNumber, country, ip: ctx.ip, signedInAtMs: viewer.signedInAtMs });
  if (!result.ok) return phoneEntryFailed(result);
  return succeeded(successMessages.codeSent(result.status.phoneLastDigits));
}

/**
 * Works only within 10 minutes of a phone proof (the core answers PHONE_NOT_VERIFIED otherwise).
 * Ends the user's other sessions: one signed in with the password alone must not outlive 2FA.
 */
export async function enableTwoFactorAuth(ctx: TwoStepGraphQLContext): Promise<MutationResult> {
  const viewer = requireViewer(ctx, "full");
  const result = await ctx.twoFactor.enableTwoFactor({ userId: viewer.userId, ip: ctx.ip });
  if (!result.ok) return failed(result);
  return succeeded(await messageAfterChange(ctx, viewer, successMessages.twoFactorOn), result.backupCodes);
}

/**
 * Needs the password and a disable code (requestOtp); any wrong part answers INVALID_CREDENTIALS.
 * Ends the user's other sessions, as turning 2FA on does.
 */
export async function disableTwoFactorAuth(
  ctx: TwoStepGraphQLContext,
  args: { password: string; otp: string },
): Promise<MutationResult> {
  const viewer = requireViewer(ctx, "full");
  const result = await ctx.twoFactor.disableTwoFactor({ userId: viewer.userId, password: args.password, code: args.otp, ip: ctx.ip });
  if (!result.ok) return failed(result);
  return succeeded(await messageAfterChange(ctx, viewer, successMessages.twoFactorOff));
}

/**
 * Pending session only: finishes sign-in with an authenticator app's code; nothing is sent. On
 * success the host replaces the session with a new full one, as after verifyOtp.
 */
export async function verifyAuthenticatorCode(ctx: TwoStepGraphQLContext, args: { code: string }): Promise<MutationResult> {
  const viewer = requireViewer(ctx, "pending");
  const result = await ctx.completeSignIn(viewer, { factor: "totp", code: args.code });
  return result.ok ? succeeded(successMessages.signedIn) : signInFailed(result);
}

/** What to do next after choosing a factor that sends nothing. */
const CHOSEN = {
  totp: "Enter the 6-digit code from your authenticator app.",
  backup_code: "Enter one of your backup codes.",
} as const;

/** Pending session only: "try another way". Only "sms" sends anything, and only now. */
export async function chooseSecondFactor(ctx: TwoStepGraphQLContext, args: { factor: string }): Promise<MutationResult> {
  const viewer = requireViewer(ctx, "pending");
  if (!ctx.twoFactor.chooseSignInFactor) {
    // A host without authenticator apps: SMS (a resend) and backup codes are the choices.
    if (args.factor === "backup_code") return succeeded(CHOSEN.backup_code);
    if (args.factor !== "sms") return failed({ ok: false, code: "INVALID_INPUT" });
    const sent = await ctx.twoFactor.sendSignInCode({ userId: viewer.userId, ip: ctx.ip });
    return sent.ok ? succeeded(successMessages.codeSent(sent.status.phoneLastDigits)) : failed(sent);
  }
  const result = await ctx.twoFactor.chooseSignInFactor({ userId: viewer.userId, factor: args.factor, ip: ctx.ip });
  if (!result.ok) return failed(result);
  return succeeded(result.send ? successMessages.codeSent(result.send.status.phoneLastDigits) : CHOSEN[result.factor === "totp" ? "totp" : "backup_code"]);
}
