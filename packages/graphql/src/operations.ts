import { successMessages } from "@twostep/core";
import type { Failure, SendResult } from "@twostep/core";
import type { FullViewer, TwoStepGraphQLContext } from "./context";
import { codesAwaited, explainUndeliveredCode, smsDeliveryProblem } from "./delivery-problem";
import { unauthenticated } from "./errors";
import { failed, succeeded, type MutationResult } from "./mutation-result";
import { requireViewer } from "./require-viewer";

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
};

export async function me(ctx: TwoStepGraphQLContext): Promise<Me> {
  const viewer = requireViewer(ctx, "pending-or-full");
  const profile = await ctx.accounts.profile(viewer.userId);
  // A valid session for a deleted account is no session.
  if (!profile) throw unauthenticated();
  return {
    email: profile.email,
    phoneHint: profile.phoneLastDigits ? `•••• ${profile.phoneLastDigits}` : null,
    twoFactorEnabled: profile.twoFactorEnabled,
    twoFactorVerified: viewer.kind === "full",
    smsDeliveryProblem: await smsDeliveryProblem(ctx, viewer.userId, codesAwaited(viewer)),
  };
}

/**
 * Sends a code to a number the server already holds; it never takes a number from the client.
 * Pending session: a new sign-in code to the number on record (the first went out at sign-in, so
 * this is a resend, and the core's cooldown applies). Full session: see codeForFullSession.
 */
export async function requestOtp(ctx: TwoStepGraphQLContext): Promise<MutationResult> {
  const viewer = requireViewer(ctx, "pending-or-full");
  const result =
    viewer.kind === "pending"
      ? await ctx.accounts.sendSignInCode({ userId: viewer.userId, ip: ctx.ip })
      : await codeForFullSession(ctx, viewer);
  if (!result.ok) return failed(result);
  return succeeded(successMessages.codeSent(result.status.phoneLastDigits));
}

/**
 * What a signed-in user can need a code for, first match wins:
 * 1. a phone-number code sent by setPhoneNumber (or step 3) that has not expired or been used:
 *    a new code to that same number (the tutorial's "resend" during set-up);
 * 2. 2FA is on: a code for disableTwoFactorAuth, to the number on record;
 * 3. a number is on record: a code that re-proves it, so enableTwoFactorAuth can follow;
 * 4. no number: PHONE_NOT_VERIFIED (call setPhoneNumber).
 */
async function codeForFullSession(ctx: TwoStepGraphQLContext, viewer: FullViewer): Promise<SendResult | Failure<"PHONE_NOT_VERIFIED">> {
  const actor = { userId: viewer.userId, ip: ctx.ip };
  const enrollment = await ctx.challenges.status({ ...actor, purpose: "enroll_phone" });
  if (enrollment && "ok" in enrollment) return enrollment;
  if (enrollment && enrollment.expiresAt.getTime() > Date.now()) {
    return ctx.challenges.resend({ ...actor, purpose: "enroll_phone" });
  }
  const profile = await ctx.accounts.profile(viewer.userId);
  if (!profile) throw unauthenticated();
  if (profile.twoFactorEnabled && profile.phoneLastDigits) return ctx.accounts.sendDisableCode(actor);
  if (profile.phoneLastDigits) return ctx.accounts.reverifyPhone(actor);
  return { ok: false, code: "PHONE_NOT_VERIFIED" };
}

/**
 * Checks a code through the core (format, expiry, per-code attempts, account lockout, per-IP
 * limit, single use). Pending session: the sign-in code; on success the session is replaced by a
 * new full one. Full session: the phone-number code, which saves the number.
 */
export async function verifyOtp(ctx: TwoStepGraphQLContext, args: { otp: string }): Promise<MutationResult> {
  const viewer = requireViewer(ctx, "pending-or-full");
  if (viewer.kind === "pending") {
    const result = await ctx.completeSignIn(viewer, args.otp);
    return result.ok ? succeeded(successMessages.signedIn) : explainUndeliveredCode(ctx, viewer.userId, "sign_in", failed(result));
  }
  const result = await ctx.accounts.confirmPhoneEnrollment({ userId: viewer.userId, code: args.otp, ip: ctx.ip });
  if (result.ok) return succeeded(successMessages.phoneVerified(result.phoneLastDigits));
  return explainUndeliveredCode(ctx, viewer.userId, "enroll_phone", failed(result));
}

/** Sends a code to a new number; the number is saved only when verifyOtp gets that code back. */
export async function setPhoneNumber(ctx: TwoStepGraphQLContext, args: { phoneNumber: string }): Promise<MutationResult> {
  const viewer = requireViewer(ctx, "full");
  const result = await ctx.accounts.beginPhoneEnrollment({ userId: viewer.userId, phone: args.phoneNumber, ip: ctx.ip, signedInAtMs: viewer.signedInAtMs });
  if (!result.ok) return failed(result);
  return succeeded(successMessages.codeSent(result.status.phoneLastDigits));
}

/** Works only within 10 minutes of a phone proof (the core answers PHONE_NOT_VERIFIED otherwise). */
export async function enableTwoFactorAuth(ctx: TwoStepGraphQLContext): Promise<MutationResult> {
  const viewer = requireViewer(ctx, "full");
  const result = await ctx.accounts.enableTwoFactor({ userId: viewer.userId, ip: ctx.ip });
  if (!result.ok) return failed(result);
  return succeeded(successMessages.twoFactorOn, result.backupCodes);
}

/** Needs the password and a disable code (requestOtp); any wrong part answers INVALID_CREDENTIALS. */
export async function disableTwoFactorAuth(
  ctx: TwoStepGraphQLContext,
  args: { password: string; otp: string },
): Promise<MutationResult> {
  const viewer = requireViewer(ctx, "full");
  const result = await ctx.accounts.disableTwoFactor({ userId: viewer.userId, password: args.password, code: args.otp, ip: ctx.ip });
  if (!result.ok) return failed(result);
  return succeeded(successMessages.twoFactorOff);
}
