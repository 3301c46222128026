// Threat: with several app instances, a security event is posted (or its notice mailed) twice at
// once, or lost between a failed try and its retry. The webhook outbox, and the notices' one,
// hands each due row to one claimer at a time, keeps a failed one until its retry time, and
// forgets a row only when it was delivered or given up on; on PGlite and PostgreSQL, under a
// host's table prefix.
import { describe, expect, it } from "vitest";
import { createSqlEventOutbox, createSqlNoticeOutbox, openDatabase, type DatabaseHandle } from "@twostep/core/sql";
import { createFreshDatabase } from "../support/fresh-database";
import { postgresAvailable } from "../support/services";

const backends: { name: string; enabled: () => Promise<boolean>; open: () => Promise<{ handle: DatabaseHandle; drop: () => Promise<void> }> }[] = [
  { name: "PGlite", enabled: async () => true, open: async () => ({ handle: await openDatabase({ pgliteMemory: true, tablePrefix: "acme_" }), drop: async () => {} }) },
  {
    name: "PostgreSQL",
    enabled: postgresAvailable,
    open: async () => {
      const fresh = await createFreshDatabase();
      return { handle: await openDatabase({ url: fresh.url, tablePrefix: "acme_" }), drop: fresh.drop };
    },
  },
];

// The webhook's deliveries and the mail notices wait in two tables under the same rules.
const queues = [
  { name: "security event outbox", create: createSqlEventOutbox },
  { name: "security notice outbox", create: createSqlNoticeOutbox },
];

for (const backend of backends) for (const queue of queues) {
  describe(`${queue.name} (${backend.name})`, async () => {
    const run = await backend.enabled();
    it.runIf(run)("claims each due row once, oldest first; a retry waits for its time; only delivered or dropped rows go", async () => {
      const { handle, drop } = await backend.open();
      try {
        const outbox = queue.create(handle.db, { tables: handle.tables });
        for (let i = 0; i < 30; i++) await outbox.add({ id: `e${String(i).padStart(2, "0")}`, body: `{"n":${i}}`, nextAttemptAtMs: 1_000, createdAtMs: i });
        // Three instances claim at once: every row goes to exactly one.
        const claims = await Promise.all([outbox.claimDue(2_000, 60_000, 12), outbox.claimDue(2_000, 60_000, 12), outbox.claimDue(2_000, 60_000, 12)]);
        const ids = claims.flat().map((e) => e.id);
        expect(ids).toHaveLength(30);
        expect(new Set(ids).size).toBe(30);
        for (const claim of claims) expect(claim.map((e) => e.id)).toEqual([...claim.map((e) => e.id)].sort());
        expect(await outbox.claimDue(2_000, 60_000, 50)).toEqual([]); // leased

        await outbox.retryAt("e00", 1, 5_000);
        expect(await outbox.claimDue(4_999, 60_000, 50)).toEqual([]);
        expect(await outbox.claimDue(5_000, 60_000, 50)).toEqual([{ id: "e00", body: '{"n":0}', attempts: 1 }]);

        expect(await outbox.pending()).toBe(30);
        await outbox.delivered("e00");
        await outbox.drop("e01");
        expect(await outbox.pending()).toBe(28);
      } finally {
        await handle.close();
        await drop();
      }
    });
  });
}
