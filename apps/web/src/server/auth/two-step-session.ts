import { createTwoStepSession, type SessionGate } from "@twostep/next-auth";
import { getConfig } from "../config";

/**
 * The core's session registry, reached on first use: imported lazily so the proxy, which loads
 * this module, never loads the database.
 */
// On globalThis, like the core itself: Next bundles this module once per layer (pages, actions,
// route handlers), and each copy should know as soon as any of them loaded the registry.
const known = globalThis as typeof globalThis & { __twostepSessionsCheckUser?: boolean };
const registry = async () => {
  const loaded = (await (await import("../twostep")).getTwoStep()).sessions;
  known.__twostepSessionsCheckUser = loaded.checksUser;
  return loaded;
};
const sessions: SessionGate = {
  // On SQL the session read also says the account exists, so getViewer skips userExists: one
  // read per request. Known once the registry is loaded; until then both reads run (still safe).
  get checksUser() {
    return known.__twostepSessionsCheckUser === true;
  },
  open: async (input) => (await registry()).open(input),
  replace: async (endId, input) => (await registry()).replace(endId, input),
  // On every signed-in request: a stalled store fails at the deadline (server/unavailable.ts).
  check: async (id) => (await import("../unavailable")).fromStore((await registry()).check(id)),
  // Sign-out waits for this (Auth.js's signOut event) before it clears the cookie: a stalled store
  // fails at the deadline, Auth.js logs it and clears the cookie anyway, the record stays until it expires.
  end: async (id) => (await import("../unavailable")).fromStore((await registry()).end(id)),
  endForUser: async (userId, id) => (await registry()).endForUser(userId, id),
  endOthers: async (userId, keepId) => (await registry()).endOthers(userId, keepId),
  list: async (userId, currentId) => (await registry()).list(userId, currentId),
};

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
    sessions,
    // Asked right after a sign-in opened its session: a password reset or change that landed since
    // authorize() checked the password ends that session and the sign-in reads as a wrong password.
    async passwordUnchanged(userId, passwordStamp, { ip }) {
      const { getTwoStep } = await import("../twostep");
      const answer = await (await getTwoStep()).accounts.checkPasswordStamp({ userId, passwordStamp, ip });
      if (answer.ok) return true;
      if (answer.code === "UNAVAILABLE") throw new (await import("./sign-in-refusals")).SignInUnavailable();
      return false;
    },
    async userExists(userId) {
      // Imported here so the proxy, which also loads this module, never loads the database.
      const { getTwoStep } = await import("../twostep");
      const { fromStore } = await import("../unavailable");
      // Every signed-in page and route asks this first: with the database stalled it fails at the
      // store deadline (a 503 or the "temporarily unavailable" page) instead of hanging.
      return (await fromStore((await getTwoStep()).accounts.byId(userId))) !== null;
    },
  };
});
