// The contract every UserFactorStore (twostep's own tables, or a host's users table) must keep
// for the two-factor service to be safe on it: an unknown user reads as null, a phone and the 2FA
// flag are saved as given, new backup codes replace all old ones, each backup code is used once
// even when raced, and the password check answers only for the right password.
import { describe, expect, it } from "vitest";
import type { UserFactorStore } from "@twostep/core";

export type UserFactorStoreBackend = {
  store: UserFactorStore;
  /** Makes a user the store can see, with this password; returns its id. */
  createUser(password: string): Promise<string>;
};

export function userFactorStoreContract(name: string, open: () => Promise<UserFactorStoreBackend>) {
  describe(`user factor store contract: ${name}`, () => {
    const password = "a perfectly fine passphrase";

    it("reads an unknown user as null, and a new one with no phone and 2FA off", async () => {
      const { store, createUser } = await open();
      expect(await store.read("no-such-user")).toBeNull();
      const userId = await createUser(password);
      expect(await store.read(userId)).toEqual({ userId, phoneE164: null, phoneVerifiedAt: null, twoFactorEnabled: false });
    });

    it("saves the proved phone with its time, and the 2FA flag", async () => {
      const { store, createUser } = await open();
      const userId = await createUser(password);
      const provedAt = new Date(Date.UTC(2026, 10, 29, 12, 0, 0));
      await store.setPhone(userId, "+14155550123", provedAt);
      await store.setTwoFactorEnabled(userId, true);
      expect(await store.read(userId)).toEqual({ userId, phoneE164: "+14155550123", phoneVerifiedAt: provedAt, twoFactorEnabled: true });
      await store.setTwoFactorEnabled(userId, false);
      expect((await store.read(userId))?.twoFactorEnabled).toBe(false);
    });

    it("replaces every backup code with new ones, and uses each once, even when raced", async () => {
      const { store, createUser } = await open();
      const userId = await createUser(password);
      await store.replaceBackupCodes(userId, ["old-1", "old-2"]);
      await store.replaceBackupCodes(userId, ["new-1", "new-2", "new-3"]);
      expect(await store.unusedBackupCodeCount(userId)).toBe(3);
      expect(await store.consumeBackupCode(userId, "old-1")).toBe(false);
      const raced = await Promise.all(Array.from({ length: 20 }, () => store.consumeBackupCode(userId, "new-2")));
      expect(raced.filter(Boolean)).toHaveLength(1);
      expect(await store.unusedBackupCodeCount(userId)).toBe(2);
    });

    it("keeps one user's backup codes away from another's", async () => {
      const { store, createUser } = await open();
      const [one, two] = [await createUser(password), await createUser(password)];
      await store.replaceBackupCodes(one, ["shared-hash"]);
      expect(await store.consumeBackupCode(two, "shared-hash")).toBe(false);
      expect(await store.consumeBackupCode(one, "shared-hash")).toBe(true);
    });

    it("checks the password: yes for the right one, no for a wrong one or an unknown user", async () => {
      const { store, createUser } = await open();
      const userId = await createUser(password);
      expect(await store.checkPassword(userId, password)).toBe(true);
      expect(await store.checkPassword(userId, "not the password")).toBe(false);
      expect(await store.checkPassword("no-such-user", password)).toBe(false);
    });
  });
}
