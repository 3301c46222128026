// Threat: one undeliverable notice holds its whole batch back. After a mail-server outage, the
// notice to an address the server rejects came first; each of its failures pushed the notices
// behind it ("2FA turned off", "password changed" to their real owners) out to its own growing
// backoff without counting a try for them, so they waited until it was given up on (up to ~107
// minutes with the defaults). Each entry must back off on its own tries and due time: a notice the
// server takes goes out as soon as the server is back, whatever an earlier one in the queue does.
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createLogger, createMemoryEventOutbox, createSecurityNotices } from "@twostep/core";
import { createSqlNoticeOutbox, openDatabase, type DatabaseHandle } from "@twostep/core/sql";
import { createSmtpMailSender } from "@twostep/core/smtp";
import { captureLogs } from "../support/log-capture";

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

/**
 * A real SMTP server on loopback that keeps rejecting one mailbox (450 4.2.2, mailbox full: for now,
 * so the notice keeps its retries; a 5xx would drop it at once as a permanent failure) and keeps
 * what it took.
 */
async function smtpRejecting(mailbox: string, port = 0) {
  const received: { to: string[]; at: number }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address === mailbox) return callback(Object.assign(new Error("4.2.2 Mailbox full"), { responseCode: 450 }));
      callback();
    },
    onData(stream, session, callback) {
      stream.resume();
      stream.on("end", () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), at: performance.now() });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return { received, port: (server.server.address() as AddressInfo).port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe("one notice the mail server refuses holds back no other", () => {
  // The in-memory outbox (the default without SQL) and the SQL table on embedded PostgreSQL.
  it.each(["memory", "PGlite"])("after an outage, the notices the server takes go out at once while the refused one keeps its own retries (%s outbox)", { timeout: 60_000 }, async (kind) => {
    const probe = await smtpRejecting("nobody@example.com");
    const port = probe.port;
    await probe.close(); // the mail server is down at first: nothing listens on its port

    const handle = await database;
    const outbox = kind === "memory" ? createMemoryEventOutbox() : createSqlNoticeOutbox(handle.db, { tables: handle.tables });
    const emails: Record<string, string> = { a: "gone@bounces.example", b: "bob@example.com", c: "carol@example.com" };
    const mail = createSmtpMailSender({ url: `smtp://127.0.0.1:${port}`, from: "security@example.com", logger: silent, timeoutsMs: { connection: 1_000, greeting: 1_000, socket: 2_000 } });
    // Short waits, the default shape: doubling to a cap, many tries.
    const logs = captureLogs("warn");
    const notices = createSecurityNotices({ mail, emailOf: async (u) => emails[u] ?? null, logger: logs.logger, appName: "Acme", outbox, attempts: 12, firstRetryMs: 50, maxRetryMs: 2_000, pollMs: 50 });
    cleanups.push(() => notices.close());
    for (const userId of ["a", "b", "c"]) await notices.deliver({ userId, type: "two_factor.disabled", ip: null, at: new Date() });

    // Down long enough for the oldest notice's backoff to grow past 1.5 s (its sixth failed try).
    const tries = () => logs.lines.map((line) => Number(JSON.parse(line).attempt ?? 0));
    await expect.poll(() => Math.max(0, ...tries()), { timeout: 30_000, interval: 50 }).toBeGreaterThanOrEqual(6);
    const smtp = await smtpRejecting("gone@bounces.example", port);
    cleanups.push(smtp.close);
    const back = performance.now();

    await expect.poll(() => smtp.received.flatMap((m) => m.to).sort(), { timeout: 10_000, interval: 50 }).toEqual(["bob@example.com", "carol@example.com"]);
    // Each waited at most its own backoff (capped at 2 s here), not the refused notice's last try.
    for (const sent of smtp.received) expect(sent.at - back).toBeLessThan(4_000);
    // The refused notice is still queued for its own retries: it is the only one left.
    await expect.poll(() => outbox.pending(), { timeout: 5_000, interval: 50 }).toBe(1);
  });
});
