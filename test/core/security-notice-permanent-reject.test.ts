// Threat: a notice to an address the mail server refuses for good (550 to RCPT TO: no such
// mailbox) is retried for hours, 20 refusals for the same address, which mail providers count
// against the sender's reputation until real mail (reset links) stops arriving; while a refusal
// that is only for now (450, mailbox busy) must still be retried, or the owner loses a notice.
// A 5xx recipient reject is now a permanent delivery failure: the pump drops it without retrying.
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { SMTPServer } from "smtp-server";
import { createLogger, createSecurityNotices } from "@twostep/core";
import { createSmtpMailSender } from "@twostep/core/smtp";

const silent = createLogger({ level: "silent" });

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A real SMTP server on loopback that answers RCPT TO as `answer` says (null: accepted). */
async function smtpServer(answer: (address: string, tryNumber: number) => number | null) {
  const tries = new Map<string, number>();
  const delivered: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onRcptTo(address, _session, callback) {
      const n = (tries.get(address.address) ?? 0) + 1;
      tries.set(address.address, n);
      const code = answer(address.address, n);
      if (code === null) return callback();
      const error = Object.assign(new Error(code >= 500 ? "5.1.1 No such mailbox" : "4.2.1 Mailbox busy, try later"), { responseCode: code });
      callback(error);
    },
    onData(stream, session, callback) {
      stream.resume();
      stream.on("end", () => {
        delivered.push(...session.envelope.rcptTo.map((r) => r.address));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`, tries, delivered };
}

function notices(url: string, emailOf: Record<string, string>, logger = silent) {
  const n = createSecurityNotices({
    mail: createSmtpMailSender({ url, from: "security@example.com", logger }),
    emailOf: async (userId) => emailOf[userId] ?? null,
    logger,
    appName: "Acme",
    firstRetryMs: 100,
    maxRetryMs: 200,
  });
  cleanups.push(() => n.close());
  return n;
}

describe("a notice the mail server refuses", () => {
  it("for good (550 to the recipient) is tried once and dropped, not retried for hours", { timeout: 30_000 }, async () => {
    const smtp = await smtpServer((address) => (address === "gone@example.org" ? 550 : null));
    const lines: string[] = [];
    const logger = createLogger({ level: "info", destination: new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }) });
    const n = notices(smtp.url, { u1: "gone@example.org" }, logger);
    await n.deliver({ userId: "u1", type: "two_factor.disabled", at: new Date(), ip: "203.0.113.9" });
    await n.idle();
    expect(smtp.tries.get("gone@example.org")).toBe(1);
    expect(smtp.delivered).toEqual([]);
    // The drop is logged with the reply code, never the address.
    expect(lines.join("\n")).toMatch(/refused the recipient for good \(SMTP 550 to RCPT TO\)/);
    expect(lines.join("\n")).not.toContain("gone@example.org");
  });

  it("for now (450 to the recipient) is tried again and arrives", { timeout: 30_000 }, async () => {
    const smtp = await smtpServer((_address, tryNumber) => (tryNumber <= 2 ? 450 : null));
    const n = notices(smtp.url, { u1: "busy@example.org" });
    await n.deliver({ userId: "u1", type: "two_factor.disabled", at: new Date(), ip: "203.0.113.9" });
    await n.idle();
    expect(smtp.tries.get("busy@example.org")).toBe(3);
    expect(smtp.delivered).toEqual(["busy@example.org"]);
  });
});
