import type { Purpose } from "@twostep/core";
import { deliveryProblemMessage, isDeliveryProblem } from "@twostep/core";
import type { SignedInViewer, TwoStepGraphQLContext } from "./context";
import type { MutationResult } from "./mutation-result";

/**
 * The codes a session may be waiting for: a pending session only its sign-in code; a full one a
 * phone-number code (setPhoneNumber) or a code to turn 2FA off (requestOtp).
 */
export function codesAwaited(viewer: SignedInViewer): readonly Purpose[] {
  return viewer.kind === "pending" ? ["sign_in"] : ["enroll_phone", "disable_2fa"];
}

/**
 * deliveryProblemMessage when the provider reported the SMS of one of these live codes (not used,
 * not expired, guesses left) undelivered, failed or rejected; null otherwise. Also null when the
 * status can't be read: this is advice, so a store hiccup must not fail the answer it rides on.
 * A dead code needs a new one whatever became of its SMS, and its own error already says so.
 */
export async function smsDeliveryProblem(
  ctx: Pick<TwoStepGraphQLContext, "challenges">,
  userId: string,
  purposes: readonly Purpose[],
): Promise<string | null> {
  const nowMs = Date.now();
  const reads = await Promise.all(purposes.map((purpose) => ctx.challenges.status({ userId, purpose })));
  const problem = reads.some(
    (status) =>
      status !== null &&
      !("ok" in status) &&
      status.expiresAt.getTime() > nowMs &&
      status.attemptsLeft > 0 &&
      isDeliveryProblem(status.delivery?.status),
  );
  return problem ? deliveryProblemMessage : null;
}

/**
 * A wrong or malformed code while the SMS never arrived: the person is guessing at a code they
 * could not have, so the answer says why and what to do (a new code, a backup code). Other
 * failures (locked, rate limited, …) keep their own advice.
 */
export async function explainUndeliveredCode(
  ctx: Pick<TwoStepGraphQLContext, "challenges">,
  userId: string,
  purpose: Purpose,
  result: MutationResult,
): Promise<MutationResult> {
  if (result.code !== "INVALID_CODE" && result.code !== "MALFORMED_CODE") return result;
  const problem = await smsDeliveryProblem(ctx, userId, [purpose]);
  return problem ? { ...result, message: `${result.message} ${problem}` } : result;
}
