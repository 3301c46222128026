import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { createTwoStepSession, type TwoStepAuthorizedUser } from "@twostep/next-auth";
import { getEnv } from "./server/env";

// Loaded on first use, so the proxy (which imports this file) never loads the database.
const server = async () => {
  const [{ getApp }, users] = await Promise.all([import("./server/twostep"), import("./server/app-users")]);
  return { ...(await getApp()), users };
};

/**
 * The pending/full session stage over this app's Auth.js setup. Options are a function so the
 * secret is read at run time: `next build` never needs one.
 */
export const session = createTwoStepSession(() => ({
  secret: getEnv().authSecret,
  secureCookies: getEnv().origin.protocol === "https:",
  userExists: async (userId) => {
    const { db, users } = await server();
    return users.userExists(db, userId);
  },
  paths: { signIn: "/sign-in", verify: "/verify", afterSignIn: "/protected" },
}));

/** The app's Auth.js config as it was, but authorize() also asks twostep whether a code is owed. */
export const { handlers, signIn, signOut } = NextAuth(() =>
  session.authConfig({
    trustHost: true,
    providers: [
      Credentials({
        credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials): Promise<TwoStepAuthorizedUser | null> {
          const { email, password } = credentials;
          if (typeof email !== "string" || typeof password !== "string") return null;
          const { db, twostep, users } = await server();
          const user = await users.checkCredentials(db, email, password);
          if (!user) return null;
          // With 2FA on, the first code goes out now and the session starts out pending.
          const { secondFactorRequired } = await twostep.twoFactor.beginSignIn({ userId: user.id });
          return { id: user.id, email: user.email, secondFactorRequired };
        },
      }),
    ],
  }),
);
