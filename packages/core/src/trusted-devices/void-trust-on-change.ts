import type { Logger } from "../log/logger.js";
import type { TwoFactorWithAuthenticators } from "../two-factor/with-authenticators.js";
import type { TrustedDevices } from "./trusted-devices.js";

/** The calls that change a user's second factors: each, once it succeeded, ends every trust of that user. */
const CHANGES = [
  "enableTwoFactor",
  "disableTwoFactor",
  "confirmPhoneEnrollment",
  "regenerateBackupCodes",
  "confirmAuthenticatorEnrollment",
  "removeAuthenticator",
  "resetTwoFactor",
] as const;

const failed = (result: unknown) => typeof result === "object" && result !== null && (result as { ok?: unknown }).ok === false;

/**
 * A trusted browser skips the second step, so it must stand for the factors the user had when they
 * trusted it: turning 2FA on or off, a new or moved phone, an app added or removed, new backup
 * codes and an operator's reset all void every trusted device of the user. Done here, in the core,
 * so every caller (pages, GraphQL, the CLI) gets it without remembering to.
 */
export function voidTrustOnChange(twoFactor: TwoFactorWithAuthenticators, trusted: TrustedDevices, logger: Logger): TwoFactorWithAuthenticators {
  const wrapped: Record<string, unknown> = { ...twoFactor };
  for (const name of CHANGES) {
    const original = twoFactor[name] as (input: { userId: string }) => Promise<unknown>;
    wrapped[name] = async (input: { userId: string }) => {
      const result = await original(input);
      if (failed(result)) return result;
      try {
        await trusted.revokeAll(input.userId);
      } catch (err) {
        // The change itself is done and must be reported as done (its backup codes are shown once);
        // the store failed right after it committed, so say so loudly for the operator.
        logger.error({ err, change: name }, "could not revoke trusted devices after a 2FA change");
      }
      return result;
    };
  }
  return wrapped as TwoFactorWithAuthenticators;
}
