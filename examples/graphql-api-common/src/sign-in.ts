import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, type TwoStepCore } from "@twostep/core";
import { signedInCookies, signedOutCookies, type CookieOptions } from "./cookies.js";
import type { RequestScope } from "./http-adapter.js";
import type { SessionStage, Sessions } from "./sessions.js";
import type { Users } from "./users.js";

/** This app's own account mutations: the `SignInResult` type in ./graphql.ts. */
export type SignInResult = {
  success: boolean;
  /** INVALID_INPUT, EMAIL_TAKEN, INVALID_CREDENTIALS or RATE_LIMITED; null on success. */
  code: string | null;
  /** True when the session is pending: an SMS code went out, and verifyOtp (or verifyBackupCode) must follow. */
  secondFactorRequired: boolean;
};

/** The request as these mutations see it: where cookies go, the session token it came with, its browser. */
export type AccountRequest = { scope: RequestScope; sessionToken: string | null; userAgent: string | null };

const SIGN_IN_TRIES_PER_15_MINUTES = 10;
/** C0 controls, DEL and C1 controls: no address has one. */
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;
const refused = (code: string): SignInResult => ({ success: false, code, secondFactorRequired: false });

export function createAccountMutations(deps: { users: Users; sessions: Sessions; twostep: TwoStepCore; cookies: CookieOptions }) {
  const { users, sessions, twostep } = deps;
  const signInTries = twostep.store.limiter({ name: "app:sign-in:email", points: SIGN_IN_TRIES_PER_15_MINUTES, durationSeconds: 15 * 60 });

  /** Every sign-in gets a new token; whatever session the request came with ends. */
  async function startSession(request: AccountRequest, userId: string, stage: SessionStage) {
    if (request.sessionToken) await sessions.end(request.sessionToken);
    // A full session here passed the password alone: the account owes no second factor.
    const origin = { ip: request.scope.clientIp, userAgent: request.userAgent, factor: "password" };
    request.scope.setCookies.push(...signedInCookies(await sessions.start(userId, stage, origin), deps.cookies));
  }

  // A control character (NUL above all, which PostgreSQL refuses in text) makes an email malformed.
  const validInput = (email: string, password: string) =>
    email.includes("@") &&
    email.length <= 254 &&
    !CONTROL_CHARACTERS.test(email) &&
    password.length >= PASSWORD_MIN_LENGTH &&
    password.length <= PASSWORD_MAX_LENGTH;

  return {
    /** A new account has no second factor yet, so its session is full at once. */
    async signUp(args: { email: string; password: string }, request: AccountRequest): Promise<SignInResult> {
      if (!validInput(args.email, args.password)) return refused("INVALID_INPUT");
      const user = await users.create(args.email, args.password);
      if (!user) return refused("EMAIL_TAKEN");
      await startSession(request, user.id, "full");
      return { success: true, code: null, secondFactorRequired: false };
    },

    /** The password step; with 2FA on, the session stays pending and the first SMS code goes out now. */
    async signIn(args: { email: string; password: string }, request: AccountRequest): Promise<SignInResult> {
      if (!validInput(args.email, args.password)) return refused("INVALID_CREDENTIALS");
      const limit = await signInTries.consume(args.email.toLowerCase());
      if (!limit.allowed) return refused("RATE_LIMITED");
      const user = await users.checkCredentials(args.email, args.password);
      if (!user) return refused("INVALID_CREDENTIALS");
      await signInTries.reset(args.email.toLowerCase());
      const { secondFactorRequired } = await twostep.twoFactor.beginSignIn({ userId: user.id, ip: request.scope.clientIp });
      await startSession(request, user.id, secondFactorRequired ? "pending" : "full");
      return { success: true, code: null, secondFactorRequired };
    },

    async signOut(request: AccountRequest): Promise<boolean> {
      if (request.sessionToken) await sessions.end(request.sessionToken);
      request.scope.setCookies.push(...signedOutCookies(deps.cookies));
      return true;
    },
  };
}

export type AccountMutations = ReturnType<typeof createAccountMutations>;
