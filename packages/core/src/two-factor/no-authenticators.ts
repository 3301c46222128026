import type { AuthenticatorStore } from "../ports/authenticator-store.js";

/** The store of a core set up without authenticator apps: none are listed and none can be added. */
export const noAuthenticators: AuthenticatorStore = {
  list: async () => [],
  add: async () => {
    throw new Error("authenticator apps are not set up: give createTwoStep authenticators and totpEncryptionKey");
  },
  confirm: async () => false,
  rename: async () => false,
  markUsed: async () => {},
  remove: async () => false,
  removeAll: async () => 0,
};
