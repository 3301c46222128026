import { createTwoStepSession } from "@twostep/next-auth";
import { getConfig } from "../config";

/**
 * This app's pending/full session stage (@twostep/next-auth): the secret from our validated
 * config, read when a request needs it, so `next build` never needs one.
 */
export const twoStepSession = createTwoStepSession(() => {
  const config = getConfig();
  return {
    secret: config.authSecret,
    secureCookies: config.origin.protocol === "https:",
    paths: { signIn: "/sign-in", verify: "/verify", afterSignIn: "/dashboard" },
    async userExists(userId) {
      // Imported here so the proxy, which also loads this module, never loads the database.
      const { getTwoStep } = await import("../twostep");
      return (await (await getTwoStep()).accounts.byId(userId)) !== null;
    },
  };
});
