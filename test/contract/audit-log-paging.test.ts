// Threat: a person reading their security log page by page misses an event: one recorded while
// they page pushes another out of sight, two recorded in the same millisecond fall between pages,
// or a filter for the important changes lets another user's events in. Held on PGlite, PostgreSQL
// and a prefixed schema: the same statements run on all three.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditLog, StoredAuditEvent } from "@twostep/core";
import { createSqlAuditLog, openDatabase, type DatabaseHandle } from "@twostep/core/sql";
import { createFreshDatabase } from "../support/fresh-database";
import { postgresAvailable } from "../support/services";

type Backend = { handle: DatabaseHandle; close(): Promise<void> };

const backends: [string, () => Promise<boolean>, () => Promise<Backend>][] = [
  ["PGlite", async () => true, async () => {
    const handle = await openDatabase({ pgliteMemory: true });
    return { handle, close: handle.close };
  }],
  ["PGlite, tables under twostep_", async () => true, async () => {
    const handle = await openDatabase({ pgliteMemory: true, tablePrefix: "twostep_" });
    return { handle, close: handle.close };
  }],
  ["PostgreSQL", postgresAvailable, async () => {
    const fresh = await createFreshDatabase();
    const handle = await openDatabase({ url: fresh.url });
    return { handle, close: async () => { await handle.close(); await fresh.drop(); } };
  }],
];

/** Every page from the newest to the oldest, as "Show all" and its "Older" link walk them. */
async function allPages(audit: AuditLog, userId: string, limit: number, types?: string[]): Promise<StoredAuditEvent[][]> {
  const pages: StoredAuditEvent[][] = [];
  let after: string | undefined;
  for (;;) {
    const page = await audit.pageForUser(userId, { limit, after, types });
    pages.push(page.events);
    if (page.next === null) return pages;
    after = page.next;
  }
}

for (const [name, enabled, open] of backends) {
  describe(`the security log pages without losing or repeating an event: ${name}`, async () => {
    const run = await enabled();
    let backend: Backend;
    let audit: AuditLog;
    beforeAll(async () => {
      if (!run) return;
      backend = await open();
      audit = createSqlAuditLog(backend.handle.db, { tables: backend.handle.tables });
    });
    afterAll(async () => {
      if (run) await backend.close();
    });

    /** Events at the given times (ms since start), written directly so several can share one instant. */
    async function eventsAt(userId: string, times: number[], type = "code.failed"): Promise<void> {
      const start = Date.UTC(2026, 0, 1, 12);
      await backend.handle.db.insert(backend.handle.tables.auditEvents).values(
        times.map((ms, i) => ({ id: randomUUID(), userId, type, detail: { n: i }, createdAt: new Date(start + ms) })),
      );
    }

    it.runIf(run)("pages of 10 walk 25 events newest first, each once, and the last page says there is no more", async () => {
      const userId = `u-${randomUUID()}`;
      // Five events share each instant: the cursor must still split them exactly.
      await eventsAt(userId, Array.from({ length: 25 }, (_, i) => Math.floor(i / 5) * 1000));
      const pages = await allPages(audit, userId, 10);
      expect(pages.map((p) => p.length)).toEqual([10, 10, 5]);
      const walked = pages.flat();
      expect(new Set(walked.map((e) => e.id)).size).toBe(25);
      const times = walked.map((e) => e.createdAt.getTime());
      expect(times).toEqual([...times].sort((a, b) => b - a));
      // The plain recent list and the first page agree on what is newest.
      expect((await audit.recentForUser(userId, 10)).map((e) => e.createdAt.getTime())).toEqual(times.slice(0, 10));
    });

    it.runIf(run)("an event recorded while a person pages does not push an older one out of the next page", async () => {
      const userId = `u-${randomUUID()}`;
      await eventsAt(userId, Array.from({ length: 12 }, (_, i) => i * 1000));
      const first = await audit.pageForUser(userId, { limit: 6 });
      await audit.record({ userId, type: "sign_in.failed" });
      const second = await audit.pageForUser(userId, { limit: 6, after: first.next! });
      expect(second.next).toBeNull();
      expect([...first.events, ...second.events].map((e) => e.detail?.n)).toEqual([11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    });

    it.runIf(run)("only the types asked for, however many other events follow them", async () => {
      const userId = `u-${randomUUID()}`;
      await eventsAt(userId, [0], "two_factor.disabled");
      await eventsAt(userId, [1000], "phone.changed");
      await eventsAt(userId, Array.from({ length: 300 }, (_, i) => 2000 + i));
      const page = await audit.pageForUser(userId, { limit: 10, types: ["two_factor.disabled", "phone.changed", "password.reset"] });
      expect(page.events.map((e) => e.type)).toEqual(["phone.changed", "two_factor.disabled"]);
      expect(page.next).toBeNull();
      expect(await audit.pageForUser(userId, { limit: 10, types: [] })).toEqual({ events: [], next: null });
    });

    it.runIf(run)("another user's events never appear, not even through a cursor taken from their log", async () => {
      const mine = `u-${randomUUID()}`;
      const theirs = `u-${randomUUID()}`;
      await eventsAt(mine, [0, 1000, 2000]);
      await eventsAt(theirs, [500, 1500, 2500]);
      const theirPage = await audit.pageForUser(theirs, { limit: 1 });
      expect((await allPages(audit, mine, 2)).flat().map((e) => e.userId)).toEqual([mine, mine, mine]);
      expect(await audit.pageForUser(mine, { limit: 10, after: theirPage.next! })).toEqual({ events: [], next: null });
      expect(await audit.pageForUser(mine, { limit: 10, after: "not-an-event" })).toEqual({ events: [], next: null });
    });
  });
}
