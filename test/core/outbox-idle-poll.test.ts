// Threat: every idle instance runs an UPDATE … FOR UPDATE SKIP LOCKED on each outbox every second,
// forever (the pump polled at min(pollMs, firstRetryMs) = 1 s, where decisions 009 and 012 say
// 5 s): a steady load on the database for nothing. An idle pump must look every pollMs (5 s by
// default), and a retry it scheduled must still be tried when it is due, not at the next look.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createLogger, createSignedWebhook, type EventOutbox } from "@twostep/core";
import { createSqlEventOutbox, openDatabase, type DatabaseHandle } from "@twostep/core/sql";

const SECRET = "webhook-secret-0123456789-abcdefghijklmnop";
const silent = createLogger({ level: "silent" });
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
let database: Promise<DatabaseHandle>;
beforeAll(async () => {
  database = openDatabase({ pgliteMemory: true });
  await database;
});
afterAll(async () => (await database).close());

/** The real SQL outbox, with each claim statement counted. */
async function countedOutbox() {
  const handle = await database;
  const outbox = createSqlEventOutbox(handle.db, { tables: handle.tables });
  const claims: number[] = [];
  const counted: EventOutbox = {
    ...outbox,
    add: (entry) => outbox.add(entry),
    claimDue: (nowMs, leaseMs, limit) => {
      claims.push(performance.now());
      return outbox.claimDue(nowMs, leaseMs, limit);
    },
    delivered: (id) => outbox.delivered(id),
    retryAt: (id, attempts, at) => outbox.retryAt(id, attempts, at),
    drop: (id) => outbox.drop(id),
    pending: () => outbox.pending(),
  };
  return { outbox: counted, claims };
}

describe("an idle outbox pump looks every 5 s, and a due retry does not wait for that", () => {
  it("with the defaults, an idle webhook claims once at start and then not again for 5 s", { timeout: 30_000 }, async () => {
    const { outbox, claims } = await countedOutbox();
    const hook = createSignedWebhook({ url: "http://127.0.0.1:9/hook", secret: SECRET, logger: silent, outbox });
    cleanups.push(() => hook.close());
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    expect(claims).toHaveLength(1); // the look at start, for what an earlier run left
  });

  it("a failed post is retried after its 1 s wait, not at the next 5 s look", { timeout: 30_000 }, async () => {
    const posts: number[] = [];
    const server = http.createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        posts.push(performance.now());
        res.writeHead(posts.length === 1 ? 503 : 204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const { outbox } = await countedOutbox();
    const hook = createSignedWebhook({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, secret: SECRET, logger: silent, outbox });
    cleanups.push(() => hook.close());
    await hook.deliver({ userId: "u1", type: "two_factor.disabled", at: new Date() });
    await expect.poll(() => posts.length, { timeout: 10_000, interval: 50 }).toBe(2);
    expect(posts[1]! - posts[0]!).toBeGreaterThanOrEqual(900);
    expect(posts[1]! - posts[0]!).toBeLessThan(3_000);
    expect(await outbox.pending()).toBe(0);
  });
});
