import type { Purpose } from "@twostep/core";
import { deliveryProblemMessage } from "@twostep/core";
import type { SignedInViewer, TwoStepGraphQLContext } from "./context.js";
import type { MutationResult } from "./mutation-result.js";

/**
 * The codes a session may be waiting for: a pending session only its sign-in code; a full one a
 * phone-number code (setPhoneNumber) or a code to turn 2FA off (requestOtp).
 */
export function codesAwaited(viewer: SignedInViewer): readonly Purpose[] {
  return viewer.kind === "pending" ? ["sign_in"] : ["enroll_phone", "disable_2fa"];
}

/**
 * The core's deliveryProblemMessage when it says the SMS of one of these live codes was reported
 * undelivered (`twoFactor.deliveryProblem`, which answers false when it can't tell: this is
 * advice, so a store hiccup must not fail the answer it rides on); null otherwise.
 */
export async function smsDeliveryProblem(
  ctx: Pick<TwoStepGraphQLContext, "twoFactor">,
  userId: string,
  purposes: readonly Purpose[],
): Promise<string | null> {
  return (await ctx.twoFactor.deliveryProblem(userId, purposes)) ? deliveryProblemMessage : null;
}

/**
 * A wrong or malformed code while the SMS never arrived: the person is guessing at a code they
 * could not have, so the answer says why and what to do (a new code, a backup code). Other
 * failures (locked, rate limited, …) keep their own advice, and a dead code's own error already
 * says to get a new one. `undelivered`: what the check itself answered about the SMS; a core
 * whose checks report delivery (`checksReportDelivery`, the store reads it in the same round
 * trip) is not asked again.
 */
export async function explainUndeliveredCode(
  ctx: Pick<TwoStepGraphQLContext, "twoFactor">,
  userId: string,
  purpose: Purpose,
  result: MutationResult,
  undelivered?: boolean,
): Promise<MutationResult> {
  if (result.code !== "INVALID_CODE" && result.code !== "MALFORMED_CODE") return result;
  const answered = result.code === "INVALID_CODE" && ctx.twoFactor.checksReportDelivery === true;
  const problem = undelivered ? deliveryProblemMessage : answered ? null : await smsDeliveryProblem(ctx, userId, [purpose]);
  return problem ? { ...result, message: `${result.message} ${problem}` } : result;
}
