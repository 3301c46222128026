/**
 * What a signed-in person's second step is, worded by the factors they have: a phone (SMS codes),
 * authenticator apps, or both. A user enrolled with an app alone has no phone, and must not be
 * told of "a code sent to your phone number ending in ." (nor "ending in null").
 */
export type SignInFactors = { phoneLastDigits: string | null; appCount: number };

/** "a code from your authenticator app", "a code sent to your phone ending in 0123", or both. */
export function secondStepCode({ phoneLastDigits, appCount }: SignInFactors): string {
  const app = appCount > 1 ? "a code from one of your authenticator apps" : "a code from your authenticator app";
  const phone = phoneLastDigits ? `a code sent to your phone ending in ${phoneLastDigits}` : null;
  if (appCount > 0 && phone) return `${app} or ${phone.replace(/^a code/, "one")}`;
  if (phone) return phone;
  if (appCount > 0) return app;
  return "a second step";
}
