import type { AccountService } from "../../core/accounts/account-service";
import type { TwoFactorAccounts } from "./context";

/** The GraphQL API's account port, filled by twostep's own account service. */
export function coreAccounts(accounts: AccountService): TwoFactorAccounts {
  return {
    async profile(userId) {
      const user = await accounts.byId(userId);
      if (!user) return null;
      const { email, phoneLastDigits, twoFactorEnabled } = accounts.view(user);
      return { email, phoneLastDigits, twoFactorEnabled };
    },
    sendSignInCode: (input) => accounts.sendSignInCode(input),
    beginPhoneEnrollment: (input) => accounts.beginPhoneEnrollment(input),
    reverifyPhone: (input) => accounts.reverifyPhone(input),
    confirmPhoneEnrollment: (input) => accounts.confirmPhoneEnrollment(input),
    enableTwoFactor: (input) => accounts.enableTwoFactor(input),
    sendDisableCode: (input) => accounts.sendDisableCode(input),
    disableTwoFactor: (input) => accounts.disableTwoFactor(input),
  };
}
