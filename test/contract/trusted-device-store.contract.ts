// The contract every trusted-device store must keep: a browser's token lets only the user it was
// issued to skip the second step, only until it expires, only while its record stands (revoked
// one by one or all at once, by its owner only), and only with the very secret that was issued.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger, createTrustedDevices, type TrustedDeviceStore } from "@twostep/core";

export type TrustedDeviceBackend = {
  store(): TrustedDeviceStore;
  close(): Promise<void>;
};

const DAY_MS = 86_400_000;
const FIREFOX_ON_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

export function trustedDeviceStoreContract(name: string, open: () => Promise<TrustedDeviceBackend>, enabled: () => Promise<boolean>) {
  describe(`trusted-device store contract: ${name}`, async () => {
    const run = await enabled();
    let backend: TrustedDeviceBackend;
    beforeAll(async () => {
      if (run) backend = await open();
    });
    afterAll(async () => {
      if (run) await backend.close();
    });

    const setup = () => {
      let nowMs = Date.now();
      const store = backend.store();
      const devices = createTrustedDevices({
        store,
        codeHashKey: "contract-test-code-hash-key-0123456789abcdef",
        days: 30,
        logger: createLogger({ level: "silent" }),
        now: () => nowMs,
      });
      return { devices, store, advance: (ms: number) => (nowMs += ms), userId: `u-${randomUUID()}` };
    };

    it.runIf(run)("a trusted browser checks out for its user, and only a keyed hash of its secret is stored", async () => {
      const { devices, store, userId } = setup();
      const issued = await devices.trust(userId, { ip: "203.0.113.7", userAgent: FIREFOX_ON_LINUX });
      expect(issued.token).toMatch(/^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
      expect(await devices.check(userId, issued.token, { ip: "203.0.113.7" })).toBe(true);
      const record = await store.get(issued.id);
      expect(record).toMatchObject({ userId, lastUsedIp: "203.0.113.7", lastUsedDevice: "Firefox on Linux" });
      const secret = issued.token.split(".")[1]!;
      expect(JSON.stringify(record)).not.toContain(secret);
    });

    it.runIf(run)("another user's token, a wrong secret or a malformed value never checks out", async () => {
      const { devices, userId } = setup();
      const issued = await devices.trust(userId);
      const [id, secret] = issued.token.split(".") as [string, string];
      expect(await devices.check(`u-${randomUUID()}`, issued.token)).toBe(false);
      const flipped = `${secret.slice(0, -1)}${secret.endsWith("A") ? "B" : "A"}`;
      expect(await devices.check(userId, `${id}.${flipped}`)).toBe(false);
      for (const bad of [undefined, null, 42, "", id, `${id}.`, `${id}.${secret}.x`, "x".repeat(5000), { id, secret }]) {
        expect(await devices.check(userId, bad)).toBe(false);
      }
      expect(await devices.check(userId, issued.token)).toBe(true);
    });

    it.runIf(run)("trust ends at its expiry however often it is used, and the list drops it", async () => {
      const { devices, advance, userId } = setup();
      const issued = await devices.trust(userId);
      for (let day = 0; day < 29; day++) {
        advance(DAY_MS);
        expect(await devices.check(userId, issued.token)).toBe(true);
      }
      advance(DAY_MS);
      expect(await devices.check(userId, issued.token)).toBe(false);
      expect(await devices.list(userId)).toEqual([]);
    });

    it.runIf(run)("last used is written coarsely, with where and what browser", async () => {
      const { devices, store, advance, userId } = setup();
      const issued = await devices.trust(userId, { ip: "203.0.113.7" });
      advance(10_000);
      await devices.check(userId, issued.token, { ip: "198.51.100.9", userAgent: FIREFOX_ON_LINUX });
      const early = await store.get(issued.id);
      expect(early!.lastUsedAtMs).toBe(early!.createdAtMs);
      advance(3_600_000);
      await devices.check(userId, issued.token, { ip: "198.51.100.9", userAgent: FIREFOX_ON_LINUX });
      const later = await store.get(issued.id);
      expect(later).toMatchObject({ lastUsedIp: "198.51.100.9", lastUsedDevice: "Firefox on Linux" });
      expect(later!.lastUsedAtMs).toBeGreaterThan(later!.createdAtMs);
    });

    it.runIf(run)("the list is the user's own devices, newest first, without secrets; a row is removed only by its owner", async () => {
      const { devices, advance, userId } = setup();
      const first = await devices.trust(userId);
      advance(1_000);
      const second = await devices.trust(userId);
      const strangerId = `u-${randomUUID()}`;
      const strangers = await devices.trust(strangerId);
      const list = await devices.list(userId);
      expect(list.map((d) => d.id)).toEqual([second.id, first.id]);
      expect(list[0]).not.toHaveProperty("secretHash");

      expect(await devices.revoke(strangerId, first.id)).toBe(false);
      expect(await devices.check(userId, first.token)).toBe(true);
      expect(await devices.revoke(userId, first.id)).toBe(true);
      expect(await devices.check(userId, first.token)).toBe(false);
      expect(await devices.revoke(userId, { id: second.id })).toBe(false);

      expect(await devices.revokeAll(userId)).toBe(1);
      expect(await devices.check(userId, second.token)).toBe(false);
      expect(await devices.check(strangerId, strangers.token)).toBe(true);
    });

    it.runIf(run)("a late touch does not bring a revoked device back", async () => {
      const { devices, store, userId } = setup();
      const issued = await devices.trust(userId);
      await devices.revokeAll(userId);
      await store.touch(issued.id, { atMs: Date.now(), ip: null, device: null });
      expect(await store.get(issued.id)).toBeNull();
      expect(await devices.check(userId, issued.token)).toBe(false);
    });
  });
}
