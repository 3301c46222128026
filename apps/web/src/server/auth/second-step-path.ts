import { getTwoStep } from "../twostep";

/**
 * Which code page a pending session belongs on. The core chose the factor at the password step
 * and sent an SMS only if it chose SMS; so a live SMS code means SMS was asked for, and no code
 * with an app on the account means the app was. A user the policy obliges to enroll has nothing
 * to enter yet and goes to enrollment. Null: stay on the SMS page.
 */
export async function secondStepPath(userId: string, hasLiveSmsCode: boolean): Promise<"/verify/app" | "/verify/enroll" | null> {
  const { twoFactor } = await getTwoStep();
  if (hasLiveSmsCode) return null;
  const factors = await twoFactor.availableSecondFactors(userId);
  if (factors.includes("totp")) return "/verify/app";
  if (factors.length === 0 && (await twoFactor.mustEnroll(userId))) return "/verify/enroll";
  return null;
}
