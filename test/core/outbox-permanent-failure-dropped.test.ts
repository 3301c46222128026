// Threat: an event the receiver refuses for good (a webhook's 404/410, a mail server's permanent
// reject of the recipient) is retried for hours: 16-20 tries of noise, each log line an alarm that
// means nothing, and a queue that never drains. A delivery error carrying `permanent: true`
// (PermanentDeliveryError) drops its entry at once with a warning; the webhook treats a 4xx other
// than 408 and 429 that way, and still retries 5xx, 408, 429 and no answer.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createOutboxPump, createSignedWebhook, isPermanentDeliveryError, PermanentDeliveryError } from "@twostep/core";
import { createSqlEventOutbox, openDatabase, type DatabaseHandle } from "@twostep/core/sql";
import { captureLogs } from "../support/log-capture";

const SECRET = "webhook-secret-0123456789-abcdefghijklmnop";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

// One embedded database for the file (opening one runs initdb and the migrations); each test drains its outbox.
let database: Promise<DatabaseHandle>;
beforeAll(async () => {
  database = openDatabase({ pgliteMemory: true });
  await database;
});
afterAll(async () => (await database).close());
async function sqlOutbox() {
  const handle = await database;
  const outbox = createSqlEventOutbox(handle.db, { tables: handle.tables });
  expect(await outbox.pending()).toBe(0);
  return outbox;
}

/** A real receiver on loopback; `answer` gives the status for each post (by its count). */
async function receiver(answer: (n: number) => number) {
  const posts: string[] = [];
  const srv = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      posts.push(String(req.headers["x-twostep-event-id"]));
      res.writeHead(answer(posts.length)).end();
    });
  });
  await new Promise<void>((resolve) => srv.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => new Promise<void>((resolve) => srv.close(() => resolve())));
  return { posts, url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}/hook` };
}

describe("a delivery refused for good is dropped at once", () => {
  it("the pump drops an entry whose delivery throws permanent: true after one try, with a warning, and delivers the rest", async () => {
    const outbox = await sqlOutbox();
    const logs = captureLogs("debug");
    const tries = new Map<string, number>();
    const pump = createOutboxPump({
      name: "test channel",
      outbox,
      logger: logs.logger,
      timeoutMs: 2_000,
      attempts: 10,
      firstRetryMs: 20,
      maxRetryMs: 40,
      pollMs: 20,
      async deliver(entry) {
        tries.set(entry.body, (tries.get(entry.body) ?? 0) + 1);
        if (entry.body === "gone") throw new PermanentDeliveryError("550 5.1.1 recipient unknown");
        // Another sender's error, marked rather than of our class: counts the same.
        if (entry.body === "marked") throw Object.assign(new Error("rejected"), { permanent: true });
        return true;
      },
    });
    cleanups.push(() => pump.close());
    for (const body of ["gone", "marked", "fine"]) await pump.enqueue(() => body);
    await pump.idle();

    expect(Object.fromEntries(tries)).toEqual({ gone: 1, marked: 1, fine: 1 });
    expect(await outbox.pending()).toBe(0);
    const dropped = logs.lines.map((line) => JSON.parse(line)).filter((line) => /refused for good/.test(line.msg));
    expect(dropped).toHaveLength(2);
    for (const line of dropped) expect(line.level).toBe(40); // a warning, not the last-try error
    expect(logs.text()).not.toMatch(/will retry|last try/);
  });

  it("the marker is a typed error with permanent: true", () => {
    const error = new PermanentDeliveryError("no such recipient", { cause: new Error("550") });
    expect(error).toBeInstanceOf(Error);
    expect(error.permanent).toBe(true);
    expect(error.name).toBe("PermanentDeliveryError");
    expect(isPermanentDeliveryError(error)).toBe(true);
    expect(isPermanentDeliveryError(new Error("ECONNREFUSED"))).toBe(false);
    expect(isPermanentDeliveryError(null)).toBe(false);
  });

  it.each([400, 401, 404, 410, 422])("the webhook drops an event the receiver answers %i, after one post, and logs the status", async (status) => {
    const inbox = await receiver(() => status);
    const outbox = await sqlOutbox();
    const logs = captureLogs("warn");
    const hook = createSignedWebhook({ url: inbox.url, secret: SECRET, logger: logs.logger, outbox, firstRetryMs: 20, maxRetryMs: 40, pollMs: 20 });
    cleanups.push(() => hook.close());
    await hook.deliver({ userId: "u1", type: "two_factor.disabled", at: new Date() });
    await hook.idle();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(inbox.posts).toHaveLength(1);
    expect(await outbox.pending()).toBe(0);
    expect(logs.text()).toContain(`HTTP ${status}`);
  });

  it.each([408, 429, 500, 503])("the webhook retries an event the receiver answers %i, until it takes it", async (status) => {
    const inbox = await receiver((n) => (n <= 2 ? status : 204));
    const outbox = await sqlOutbox();
    const hook = createSignedWebhook({ url: inbox.url, secret: SECRET, logger: captureLogs("silent").logger, outbox, firstRetryMs: 20, maxRetryMs: 40, pollMs: 20 });
    cleanups.push(() => hook.close());
    await hook.deliver({ userId: "u1", type: "two_factor.disabled", at: new Date() });
    await hook.idle();
    expect(inbox.posts).toHaveLength(3);
    expect(new Set(inbox.posts).size).toBe(1);
    expect(await outbox.pending()).toBe(0);
  });
});
