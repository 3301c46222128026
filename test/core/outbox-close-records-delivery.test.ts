// Threat: an instance that shuts down while a notice or webhook is being delivered closes its
// database under that delivery: the receiver got it, but the outbox still holds the entry, claimed,
// and once the claim runs out another instance delivers it again (a second mail to the owner, a
// second webhook), or a delivery that failed waits out its whole lease. Closing the pump waits for
// the delivery under way and records its outcome first.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger, createOutboxPump } from "@twostep/core";
import { createSqlEventOutbox, openDatabase, type DatabaseHandle } from "@twostep/core/sql";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openDatabase({ pgliteMemory: true });
});
afterAll(async () => handle.close());

describe("closing an outbox pump while it delivers", () => {
  it("resolves once the delivery under way is recorded, and starts no other", async () => {
    const outbox = createSqlEventOutbox(handle.db, { tables: handle.tables });
    const delivered: string[] = [];
    let started!: () => void;
    const delivering = new Promise<void>((resolve) => (started = resolve));
    const pump = createOutboxPump({
      name: "closing test",
      outbox,
      logger: createLogger({ level: "silent" }),
      timeoutMs: 5_000,
      attempts: 5,
      firstRetryMs: 50,
      maxRetryMs: 1_000,
      pollMs: 60_000,
      deliver: async (entry) => {
        started();
        await new Promise((resolve) => setTimeout(resolve, 300));
        delivered.push(entry.id);
        return true;
      },
    });
    await pump.enqueue(() => "first");
    await delivering;
    await pump.enqueue(() => "second");

    await pump.close();
    expect(delivered).toHaveLength(1);
    // The first is recorded as delivered (gone); the second waits, unclaimed, for the next start.
    expect(await outbox.pending()).toBe(1);
    const [waiting] = await outbox.claimDue(Date.now(), 1_000, 10);
    expect(waiting?.body).toBe("second");
  });
});
