// The contract every session store (PGlite, PostgreSQL, Redis) must keep: a session is signed in
// only while its record is live, so a record that was ended, ran past its absolute end, or sat idle
// too long is refused everywhere, and ending "everyone else" never ends the one that asked.
//
// Threat (index lifetime): a password-only sign-in, abandoned or made by someone who has the
// password but not the second factor, shortened the user's session index on Redis to the pending
// record's 11 minutes; once it expired, "sign out everywhere", a password reset and 2FA changes
// ended none of the user's full sessions and the sessions page listed none. The index must live
// as long as the user's longest session, whatever opens after it.
// Threat (upgrade of an ended pending session): a password reset, "end other sessions" or the
// user ending that pending row lands while the second step is checked; the upgrade must then open
// nothing (the person signs in again), never a full session from a record that is gone.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSessionRegistry, type SessionStore } from "@twostep/core";

export type SessionBackend = {
  store(): SessionStore;
  close(): Promise<void>;
  /**
   * Lets `ms` of real time pass for the store's own clock: Redis expires keys by its clock, not
   * the registry's, so its backend shortens every key's TTL by `ms` (or deletes it). SQL stores
   * keep no clock of their own and leave it out.
   */
  elapse?(ms: number): Promise<void>;
};

const HOUR_MS = 3_600_000;

export function sessionStoreContract(name: string, open: () => Promise<SessionBackend>, enabled: () => Promise<boolean>) {
  describe(`session store contract: ${name}`, async () => {
    const run = await enabled();
    let backend: SessionBackend;
    beforeAll(async () => {
      if (run) backend = await open();
    });
    afterAll(async () => {
      if (run) await backend.close();
    });

    const setup = () => {
      let nowMs = Date.now();
      const registry = createSessionRegistry({
        store: backend.store(),
        lifetimes: { absoluteSeconds: 24 * 3600, idleSeconds: 2 * 3600, pendingSeconds: 600 },
        now: () => nowMs,
      });
      return { registry, advance: (ms: number) => (nowMs += ms), userId: `u-${randomUUID()}` };
    };
    /** The registry's clock and the store's move together. */
    const pass = async (advance: (ms: number) => number, ms: number) => {
      advance(ms);
      await backend.elapse?.(ms);
    };

    it.runIf(run)("a fresh record is live and says who, how, where and what browser", async () => {
      const { registry, userId } = setup();
      const opened = await registry.open({
        userId,
        stage: "full",
        factor: "sms",
        ip: "203.0.113.7",
        userAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 Version/17.0 Safari/605.1.15",
      });
      expect(opened.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const checked = await registry.check(opened.id);
      expect(checked).toMatchObject({ userId, stage: "full", factor: "sms", ip: "203.0.113.7", device: "Safari on macOS" });
      expect(await registry.check("not-a-session")).toBeNull();
    });

    it.runIf(run)("use never moves the absolute end: a session busy all day still ends on time", async () => {
      const { registry, advance, userId } = setup();
      const { id } = await registry.open({ userId, stage: "full", factor: "sms" });
      for (let hour = 0; hour < 23; hour++) {
        advance(HOUR_MS);
        expect(await registry.check(id)).not.toBeNull();
      }
      advance(HOUR_MS);
      expect(await registry.check(id)).toBeNull();
    });

    it.runIf(run)("an idle session ends; last seen is written coarsely, not on every read", async () => {
      const { registry, advance, userId } = setup();
      const { id } = await registry.open({ userId, stage: "full", factor: "sms" });
      advance(60_000);
      const early = await registry.check(id);
      expect(early?.lastSeenAtMs).toBe(early?.createdAtMs);
      advance(HOUR_MS);
      const touched = await registry.check(id);
      expect(touched!.lastSeenAtMs).toBeGreaterThan(touched!.createdAtMs);
      advance(2 * HOUR_MS);
      expect(await registry.check(id)).toBeNull();
    });

    it.runIf(run)("a pending record lives only as long as the wait for the second factor", async () => {
      const { registry, advance, userId } = setup();
      const { id } = await registry.open({ userId, stage: "pending", factor: null });
      advance(599_000);
      expect((await registry.check(id))?.stage).toBe("pending");
      advance(2_000);
      expect(await registry.check(id)).toBeNull();
    });

    it.runIf(run)("finishing the second step ends the pending record and lists only the full one beside the others", async () => {
      const { registry, userId } = setup();
      const other = await registry.open({ userId, stage: "full", factor: "sms" });
      const pending = await registry.open({ userId, stage: "pending", factor: null });
      const full = (await registry.replace(pending.id, { userId, stage: "full", factor: "sms" }))!;
      expect(await registry.check(pending.id)).toBeNull();
      expect(await registry.check(full.id)).toMatchObject({ userId, stage: "full", factor: "sms" });
      expect((await registry.list(userId)).map((s) => s.id).sort()).toEqual([full.id, other.id].sort());
      // The record the pending one became is ended like any other.
      await registry.end(full.id);
      expect((await registry.list(userId)).map((s) => s.id)).toEqual([other.id]);
    });

    it.runIf(run)("an ended session is refused, and a late touch does not bring it back", async () => {
      const { registry, advance, userId } = setup();
      const store = backend.store();
      const { id } = await registry.open({ userId, stage: "full", factor: "sms" });
      await registry.end(id);
      await store.touch(id, Date.now());
      advance(HOUR_MS);
      expect(await registry.check(id)).toBeNull();
      expect(await store.get(id)).toBeNull();
    });

    it.runIf(run)("ending everyone else keeps the asker's session and leaves other users alone", async () => {
      const { registry, userId } = setup();
      const [keep, other1, other2] = await Promise.all([1, 2, 3].map(() => registry.open({ userId, stage: "full", factor: "sms" })));
      const stranger = await registry.open({ userId: `u-${randomUUID()}`, stage: "full", factor: "sms" });
      expect(await registry.endOthers(userId, keep!.id)).toBe(2);
      expect(await registry.check(keep!.id)).not.toBeNull();
      expect(await registry.check(other1!.id)).toBeNull();
      expect(await registry.check(other2!.id)).toBeNull();
      expect(await registry.check(stranger.id)).not.toBeNull();
      expect(await registry.endOthers(userId, null)).toBe(1);
      expect(await registry.check(keep!.id)).toBeNull();
    });

    it.runIf(run)("the list is the user's live sessions, newest first, the asker's marked; one row ends only for its owner", async () => {
      const { registry, advance, userId } = setup();
      const first = await registry.open({ userId, stage: "full", factor: "sms" });
      advance(1_000);
      const second = await registry.open({ userId, stage: "full", factor: "password", userAgent: "curl/8.5.0" });
      const list = await registry.list(userId, first.id);
      expect(list.map((s) => [s.id, s.current])).toEqual([[second.id, false], [first.id, true]]);
      expect(list[0]!.device).toBe("curl");

      expect(await registry.endForUser(`u-${randomUUID()}`, second.id)).toBe(false);
      expect(await registry.check(second.id)).not.toBeNull();
      expect(await registry.endForUser(userId, second.id)).toBe(true);
      expect((await registry.list(userId)).map((s) => s.id)).toEqual([first.id]);

      advance(25 * HOUR_MS);
      expect(await registry.list(userId)).toEqual([]);
    });

    it.runIf(run)("an abandoned password-only sign-in never cuts short the index that ends the user's full sessions", async () => {
      const { registry, advance, userId } = setup();
      const full = await registry.open({ userId, stage: "full", factor: "sms" });
      // Someone with the password only: the pending record waits 10 minutes, then is gone.
      await registry.open({ userId, stage: "pending", factor: null });
      await pass(advance, 20 * 60_000);
      expect((await registry.list(userId)).map((s) => s.id)).toEqual([full.id]);
      // "Sign out everywhere" / a password reset still reaches the full session.
      await registry.endOthers(userId, null);
      expect(await registry.check(full.id)).toBeNull();
    });

    it.runIf(run)("a shorter session upgraded later never cuts short the index either", async () => {
      const { registry, advance, userId } = setup();
      const full = await registry.open({ userId, stage: "full", factor: "sms" });
      // Another instance (or a later config) with sessions of one hour finishes a sign-in.
      let nowMs = Date.now();
      const shortLived = createSessionRegistry({ store: backend.store(), lifetimes: { absoluteSeconds: 3600, idleSeconds: 3600, pendingSeconds: 600 }, now: () => nowMs });
      const pending = await shortLived.open({ userId, stage: "pending", factor: null });
      expect(await shortLived.replace(pending.id, { userId, stage: "full", factor: "sms" })).not.toBeNull();
      // Past the hour (and Redis's grace), within the first session's idle timeout.
      await pass(advance, 90 * 60_000);
      nowMs += 90 * 60_000;
      expect((await registry.list(userId)).map((s) => s.id)).toEqual([full.id]);
      expect(await registry.endOthers(userId, null)).toBeGreaterThanOrEqual(1);
      expect(await registry.check(full.id)).toBeNull();
    });

    it.runIf(run)("a pending session ended while its second step was checked is never upgraded", async () => {
      const { registry, userId } = setup();
      // A password reset / "sign out everywhere" landed between the code check and the upgrade.
      const reset = await registry.open({ userId, stage: "pending", factor: null });
      await registry.endOthers(userId, null);
      expect(await registry.replace(reset.id, { userId, stage: "full", factor: "sms" })).toBeNull();
      // The user ended that pending row from a signed-in browser.
      const keep = await registry.open({ userId, stage: "full", factor: "sms" });
      const row = await registry.open({ userId, stage: "pending", factor: null });
      expect(await registry.endForUser(userId, row.id)).toBe(true);
      expect(await registry.replace(row.id, { userId, stage: "full", factor: "sms" })).toBeNull();
      // It timed out, was signed out, or never existed.
      const ended = await registry.open({ userId, stage: "pending", factor: null });
      await registry.end(ended.id);
      expect(await registry.replace(ended.id, { userId, stage: "full", factor: "sms" })).toBeNull();
      expect(await registry.replace("not-a-session", { userId, stage: "full", factor: "sms" })).toBeNull();
      // Only the session that was kept is live: no full session came of any of them.
      expect((await registry.list(userId)).map((s) => s.id)).toEqual([keep.id]);
    });

    it.runIf(run)("only a pending session of the same user is upgraded", async () => {
      const { registry, userId } = setup();
      const stranger = `u-${randomUUID()}`;
      const theirs = await registry.open({ userId: stranger, stage: "pending", factor: null });
      expect(await registry.replace(theirs.id, { userId, stage: "full", factor: "sms" })).toBeNull();
      expect((await registry.check(theirs.id))?.stage).toBe("pending");
      const full = await registry.open({ userId, stage: "full", factor: "sms" });
      expect(await registry.replace(full.id, { userId, stage: "full", factor: "backup_code" })).toBeNull();
      expect(await registry.check(full.id)).toMatchObject({ factor: "sms" });
      expect((await registry.list(userId)).map((s) => s.id)).toEqual([full.id]);
      expect((await registry.list(stranger)).map((s) => s.id)).toEqual([theirs.id]);
    });

    it.runIf(run)("two completions racing for one pending session open one full session, not two", async () => {
      const { registry, userId } = setup();
      const pending = await registry.open({ userId, stage: "pending", factor: null });
      const both = await Promise.all([1, 2].map(() => registry.replace(pending.id, { userId, stage: "full", factor: "sms" })));
      const opened = both.filter((r) => r !== null);
      expect(opened).toHaveLength(1);
      expect((await registry.list(userId)).map((s) => s.id)).toEqual([opened[0]!.id]);
    });
  });
}
