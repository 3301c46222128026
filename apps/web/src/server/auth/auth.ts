import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";
import type { TwoStepAuthorizedUser } from "@twostep/next-auth";
import { clientIp } from "../client-ip";
import { authJsLogger } from "./auth-js-logger";
import { SignInRateLimited, SignInUnavailable } from "./sign-in-refusals";
import { twoStepSession } from "./two-step-session";

/**
 * The one Auth.js configuration: our password check; the session stage (secret, cookie, jwt and
 * session callbacks) comes from twoStepSession. Lazy, so `next build` never needs a secret.
 */
export const { handlers, signIn, signOut } = NextAuth(() =>
  twoStepSession.authConfig({
    trustHost: true,
    logger: authJsLogger(async () => (await (await import("../twostep")).getTwoStep()).logger),
    providers: [
      Credentials({
        id: "credentials",
        credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, request): Promise<TwoStepAuthorizedUser | null> {
          // Imported here so the proxy, which loads the session config, never loads the database.
          const { getTwoStep } = await import("../twostep");
          const twostep = await getTwoStep();
          const ip = clientIp(request.headers);
          // Known devices (issue 12, item 2): a browser that signed in before passes the email-wide limit.
          const { isKnownDevice, rememberDevice } = await import("../known-device");
          const result = await twostep.accounts.authenticate({ email: credentials.email, password: credentials.password, ip, userAgent: request.headers.get("user-agent"), isKnownDevice });
          if (!result.ok) {
            if (result.code === "RATE_LIMITED") throw new SignInRateLimited(result.retryAfterSeconds);
            if (result.code === "UNAVAILABLE") throw new SignInUnavailable();
            return null;
          }
          // The stamp of the password just checked: the session stage checks it again once the
          // session is open, so a reset or change landing meanwhile leaves no session (two-step-session.ts).
          const { passwordStamp } = result;
          // A trusted browser (issue 11, item 4) is asked for no code: the sign-in action finishes it.
          const { trustedBrowserSkipsCode } = await import("./trusted-browser");
          if (await trustedBrowserSkipsCode(result.user.id, ip)) {
            return { id: result.user.id, email: result.user.email, secondFactorRequired: true, ip, userAgent: request.headers.get("user-agent"), passwordStamp };
          }
          // With 2FA on, the core picks the factor to ask for; an SMS goes out now only if it picked SMS.
          const begun = await twostep.twoFactor.beginSignIn({ userId: result.user.id, ip });
          // Why its SMS did not go out, for the code page (or no reason: it went, or none was asked).
          const { keepFirstCodeFailure } = await import("./first-code-failure");
          await keepFirstCodeFailure(begun.send);
          // TWO_FACTOR_POLICY=required and no factor yet: the session stays pending until one is enrolled.
          const secondFactorRequired = begun.secondFactorRequired || (await twostep.twoFactor.mustEnroll(result.user.id));
          if (!secondFactorRequired) await rememberDevice(result.user.id);
          return { id: result.user.id, email: result.user.email, secondFactorRequired, ip, userAgent: request.headers.get("user-agent"), passwordStamp };
        },
      }),
    ],
  }),
);
