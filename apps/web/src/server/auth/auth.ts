import { randomUUID } from "node:crypto";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getConfig } from "../config";
import { clientIp } from "../client-ip";
import { FULL_SESSION_SECONDS, pendingExpired, readClaims, type SessionClaims } from "./session-claims";

/** Sign-in refused by a limit: the form says "wait", still without naming a factor. */
class SignInRateLimited extends CredentialsSignin {
  code = "rate_limited";
}
class SignInUnavailable extends CredentialsSignin {
  code = "unavailable";
}

type AuthorizedUser = { id: string; email: string; twoFactorRequired: boolean };

/**
 * The one Auth.js configuration. Lazy, so the secret comes from our validated config at run time
 * and `next build` never needs one.
 */
export const { handlers, auth, signIn, signOut } = NextAuth(() => {
  const config = getConfig();
  return {
    secret: config.authSecret,
    trustHost: true,
    useSecureCookies: config.origin.protocol === "https:",
    session: { strategy: "jwt", maxAge: FULL_SESSION_SECONDS },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers: [
      Credentials({
        id: "credentials",
        credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, request): Promise<AuthorizedUser | null> {
          // Imported here so the proxy, which also uses this config, never loads the database.
          const { getTwoStep } = await import("../twostep");
          const twostep = await getTwoStep();
          const ip = clientIp(request.headers);
          const result = await twostep.accounts.authenticate({ email: credentials.email, password: credentials.password, ip });
          if (!result.ok) {
            if (result.code === "RATE_LIMITED") throw new SignInRateLimited();
            if (result.code === "UNAVAILABLE") throw new SignInUnavailable();
            return null;
          }
          // With 2FA on, the first code goes out now, so the code page never has to ask.
          const { secondFactorRequired } = await twostep.twoFactor.beginSignIn({ userId: result.user.id, ip });
          return { id: result.user.id, email: result.user.email, twoFactorRequired: secondFactorRequired };
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) {
          const authorized = user as AuthorizedUser;
          const claims: SessionClaims = {
            sub: authorized.id,
            email: authorized.email,
            stage: authorized.twoFactorRequired ? "pending" : "full",
            stageSince: Date.now(),
            sid: randomUUID(),
          };
          return claims;
        }
        // Every other call, including `update()` / POST /api/auth/session, returns the token as the
        // server wrote it: whatever the client sent in the request body is ignored here.
        const claims = readClaims(token);
        if (!claims || pendingExpired(claims)) return null;
        return claims;
      },
      async session({ session, token }) {
        const claims = readClaims(token);
        return {
          ...session,
          user: { ...session.user, id: claims?.sub ?? "", email: claims?.email ?? "" },
          stage: claims?.stage ?? null,
        };
      },
    },
  };
});
