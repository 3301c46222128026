// Threat: a security event is delivered twice, or a hung try outlives its claim. The pump leased a
// batch of up to 20 entries for twice the per-try timeout and delivered them one after another, so
// behind a slow receiver another instance claimed the batch's tail and delivered it again; and the
// per-try timeout was never enforced, so a receiver that never answers held the pump (and the rest
// of the batch) forever. Each claim must cover the one delivery it is for, and each try must end
// at its timeout (its signal aborted), not before its entry's claim runs out. On PGlite and PostgreSQL.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger, createOutboxPump, type EventOutbox, type OutboxPumpOptions } from "@twostep/core";
import { createSqlEventOutbox, openDatabase, type DatabaseHandle } from "@twostep/core/sql";
import { createFreshDatabase } from "../support/fresh-database";
import { postgresAvailable } from "../support/services";

const silent = createLogger({ level: "silent" });

const backends: { name: string; enabled: () => Promise<boolean>; open: () => Promise<{ handle: DatabaseHandle; drop: () => Promise<void> }> }[] = [
  { name: "PGlite", enabled: async () => true, open: async () => ({ handle: await openDatabase({ pgliteMemory: true }), drop: async () => {} }) },
  {
    name: "PostgreSQL",
    enabled: postgresAvailable,
    open: async () => {
      const fresh = await createFreshDatabase();
      return { handle: await openDatabase({ url: fresh.url }), drop: fresh.drop };
    },
  },
];

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A real receiver on loopback: `delayFor(body)` ms before it answers 204 (Infinity: never). Counts what it took, per body. */
async function receiver(delayFor: (body: string) => number) {
  const taken = new Map<string, number>();
  const aborted: string[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      const delay = delayFor(body);
      res.on("close", () => {
        if (!res.writableFinished) aborted.push(body);
      });
      if (delay === Infinity) return;
      setTimeout(() => {
        taken.set(body, (taken.get(body) ?? 0) + 1);
        res.writeHead(204).end();
      }, delay);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { taken, aborted, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

/** One app instance's pump posting to the receiver, honouring the try's signal as the webhook does. */
function instance(outbox: EventOutbox, url: string, options: Partial<OutboxPumpOptions> = {}) {
  const pump = createOutboxPump({
    name: "test hook",
    outbox,
    logger: silent,
    timeoutMs: 1_000,
    attempts: 5,
    firstRetryMs: 100,
    maxRetryMs: 1_000,
    pollMs: 100,
    async deliver(entry, signal) {
      try {
        return (await fetch(url, { method: "POST", body: entry.body, signal })).ok;
      } catch {
        return "unavailable";
      }
    },
    ...options,
  });
  cleanups.push(() => pump.close());
  return pump;
}

for (const backend of backends) {
  describe(`each delivery holds its own claim (${backend.name})`, async () => {
    const run = await backend.enabled();

    it.runIf(run)("two instances behind a slow receiver deliver each of 20 events once", { timeout: 60_000 }, async () => {
      const { handle, drop } = await backend.open();
      cleanups.push(drop, () => handle.close());
      const outbox = createSqlEventOutbox(handle.db, { tables: handle.tables });
      // 300 ms a post, well inside the 1 s timeout; 20 of them take 6 s, three times the 2 s lease.
      const inbox = await receiver(() => 300);
      const a = instance(outbox, inbox.url);
      for (let i = 0; i < 20; i++) await a.enqueue(() => `event ${i}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const b = instance(outbox, inbox.url); // a second instance starts looking
      await a.idle();
      await b.idle();
      expect(inbox.taken.size).toBe(20);
      expect([...inbox.taken.entries()].filter(([, times]) => times > 1)).toEqual([]);
    });

    it.runIf(run)("a receiver that never answers is cut off at the timeout; the next event goes out, and no instance retries the cut one inside its claim", { timeout: 60_000 }, async () => {
      const { handle, drop } = await backend.open();
      cleanups.push(drop, () => handle.close());
      const outbox = createSqlEventOutbox(handle.db, { tables: handle.tables });
      const inbox = await receiver((body) => (body === "hangs" ? Infinity : 0));
      const a = instance(outbox, inbox.url, { timeoutMs: 500 });
      const started = performance.now();
      const startedAtMs = Date.now();
      await a.enqueue(() => "hangs");
      await a.enqueue(() => "next");
      await expect.poll(() => inbox.taken.get("next"), { timeout: 5_000, interval: 20 }).toBe(1);
      expect(performance.now() - started).toBeLessThan(2_500);
      await expect.poll(() => inbox.aborted, { timeout: 2_000 }).toEqual(["hangs"]); // the try's request was ended, not left open

      // The cut try counted as one, and its entry is not due before its claim (2 x 500 ms) runs out:
      // a deliverer that ignored the signal could still be sending it until then.
      a.close();
      expect(await outbox.claimDue(startedAtMs + 999, 60_000, 5)).toEqual([]);
      const [cut] = await outbox.claimDue(Date.now() + 5_000, 60_000, 5);
      expect(cut).toMatchObject({ body: "hangs" });
      expect(cut!.attempts).toBeGreaterThanOrEqual(1);
    });
  });
}
