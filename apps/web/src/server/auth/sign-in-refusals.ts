import { CredentialsSignin } from "next-auth";

/**
 * Refusals of the password step that are not a wrong password, thrown from authorize() or the
 * session stage's check after it. Auth.js passes a CredentialsSignin's `code` to the form
 * (password-sign-in.ts, the sign-in page), which still never names a factor.
 */

/** Sign-in refused by a limit: the form says "wait", still without naming a factor. */
export class SignInRateLimited extends CredentialsSignin {
  code = "rate_limited";
  /** The limiter's wait, so the form can say how long (the same for any email, account or not). */
  constructor(readonly retryAfterSeconds: number) {
    super();
  }
}

export class SignInUnavailable extends CredentialsSignin {
  code = "unavailable";
}
