import type { TwoFactorService } from "@twostep/core";
import type { TwoFactorAccounts } from "./context";

/** The GraphQL API's account port, filled by the core's two-factor service. */
export function coreAccounts(twoFactor: TwoFactorService, emailOf: (userId: string) => Promise<string | null>): TwoFactorAccounts {
  return {
    async profile(userId) {
      const [email, profile] = await Promise.all([emailOf(userId), twoFactor.profile(userId)]);
      if (!email || !profile) return null;
      return { email, phoneLastDigits: profile.phoneLastDigits, twoFactorEnabled: profile.twoFactorEnabled };
    },
    sendSignInCode: (input) => twoFactor.sendSignInCode(input),
    beginPhoneEnrollment: (input) => twoFactor.beginPhoneEnrollment(input),
    reverifyPhone: (input) => twoFactor.reverifyPhone(input),
    confirmPhoneEnrollment: (input) => twoFactor.confirmPhoneEnrollment(input),
    enableTwoFactor: (input) => twoFactor.enableTwoFactor(input),
    sendDisableCode: (input) => twoFactor.sendDisableCode(input),
    disableTwoFactor: (input) => twoFactor.disableTwoFactor(input),
  };
}
