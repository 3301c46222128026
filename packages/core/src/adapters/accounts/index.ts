/** @twostep/core/accounts: twostep's own accounts (email and password), for apps that have none. */
export { createAccountService, type AccountService, type AccountServiceDeps, type AccountView } from "./account-service.js";
export { hashPassword, verifyPassword } from "./password.js";
export {
  PASSWORD_RESET_LINK_MINUTES,
  createPasswordResets,
  type PasswordResetDeps,
  type PasswordResets,
} from "./password-reset.js";
export {
  SIGN_UP_CONFIRMS_PER_LINK,
  SIGN_UP_LINK_MINUTES,
  createSignUpLinks,
  type SignUpLinkDeps,
  type SignUpLinks,
} from "./sign-up-links.js";
