// Threat: a mail server that is down or hangs slows sign-ins, or the notice it should have carried
// is lost. Recording an event only queues its notice (a row in SQL); a pump sends it off the
// request path and retries with backoff, across a restart of the app, until the server takes it.
// A server that accepts the connection but never answers fails the try within the SMTP timeouts.
import { mkdtempSync } from "node:fs";
import net from "node:net";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger, createSecurityNotices } from "@twostep/core";
import { createTwoStepFromConfig, loadConfig } from "@twostep/core/env";
import { createSmtpMailSender } from "@twostep/core/smtp";
import { startLoopbackSmtp } from "../support/loopback-smtp";

const silent = createLogger({ level: "silent" });

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A port nothing listens on (taken, then given back). */
async function closedPort(): Promise<number> {
  const probe = await startLoopbackSmtp();
  await probe.close();
  return probe.port;
}

describe("security notices while the mail server is down", () => {
  it("recording an event returns at once; the notice arrives once the server is back, even after a restart in between", { timeout: 300_000 }, async () => {
    const port = await closedPort();
    const env = {
      NODE_ENV: "test",
      DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "twostep-mail-down-")),
      SMS_PROVIDER: "outbox",
      LOG_LEVEL: "silent",
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      MAIL_FROM: "security@example.com",
    };
    const before = await createTwoStepFromConfig(loadConfig(env), { logger: silent });
    let beforeClosed = false;
    cleanups.push(() => (beforeClosed ? undefined : before.close()));
    expect(before.mail.provider).toBe("smtp");
    const signedUp = await before.accounts.signUp({ email: "owner@example.com", password: "correct horse battery staple 42" });
    if (!signedUp.ok) throw new Error("sign-up failed");

    const started = performance.now();
    await before.audit.record({ userId: signedUp.user.id, type: "two_factor.disabled", ip: "203.0.113.9" });
    // The request path wrote the audit row and the queue row; it never waited on the mail server.
    expect(performance.now() - started).toBeLessThan(2_000);
    // Tries fail while the server is down; the app stops with the notice still queued.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await before.close();
    beforeClosed = true;

    const smtp = await startLoopbackSmtp(port);
    cleanups.push(smtp.close);
    const after = await createTwoStepFromConfig(loadConfig(env), { logger: silent });
    cleanups.push(() => after.close());
    await expect.poll(() => smtp.received.length, { timeout: 60_000, interval: 200 }).toBe(1);
    expect(smtp.received[0]).toMatchObject({ to: ["owner@example.com"], subject: "twostep: Two-factor authentication turned off" });
    expect(smtp.received[0]!.text).toMatch(/IP address 203\.0\.113\.9/);
    await after.notices.idle();
    expect(smtp.received).toHaveLength(1); // sent once, not once per try
  });

  it("a server that accepts the connection and never answers fails the try within the timeouts, and the next try delivers", { timeout: 60_000 }, async () => {
    // A hung server: takes TCP connections and says nothing, so no SMTP greeting ever comes.
    const sockets = new Set<net.Socket>();
    const hung = net.createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => hung.listen(0, "127.0.0.1", resolve));
    const port = (hung.address() as AddressInfo).port;
    const sender = createSmtpMailSender({ url: `smtp://127.0.0.1:${port}`, from: "security@example.com", logger: silent, timeoutsMs: { connection: 500, greeting: 500, socket: 1_000 } });

    const tried = performance.now();
    await expect(sender.send({ to: "owner@example.com", subject: "s", text: "t", kind: "security_notice" })).rejects.toThrow();
    expect(performance.now() - tried).toBeLessThan(5_000);

    const notices = createSecurityNotices({ mail: sender, emailOf: async () => "owner@example.com", logger: silent, appName: "Acme", firstRetryMs: 200, maxRetryMs: 400 });
    cleanups.push(() => notices.close());
    const queued = performance.now();
    await notices.deliver({ userId: "u1", type: "phone.changed", at: new Date(), detail: { phone: "+1••••••0123" } });
    expect(performance.now() - queued).toBeLessThan(200);

    // The hung server goes; a real one takes its port.
    await new Promise((resolve) => setTimeout(resolve, 800));
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => hung.close(() => resolve()));
    const smtp = await startLoopbackSmtp(port);
    cleanups.push(smtp.close);
    await notices.idle();
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.text).toMatch(/changed to \+1••••••0123/);
  });
});
