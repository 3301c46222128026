// Threat: a host's security channel misses an event or cannot trust one: a receiver that was down
// never hears of a 2FA change, a forged post looks like ours, or the body carries a code, a secret
// or a full phone number. Every event goes through the core's one hook; the webhook signs each
// body (HMAC-SHA256 over timestamp.body), keeps it in an outbox table and retries with backoff
// until the receiver answers 2xx (across a restart), and sends masked values only.
import { createHmac, timingSafeEqual } from "node:crypto";
import { mkdtempSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger, createSignedWebhook, totpCodeAt, verifyWebhookSignature } from "@twostep/core";
import { createSqlEventOutbox, openDatabase } from "@twostep/core/sql";
import { ConfigError, createTwoStepFromConfig, loadConfig } from "@twostep/core/env";

const SECRET = "webhook-secret-0123456789-abcdefghijklmnop";
const silent = createLogger({ level: "silent" });

type Delivery = { headers: http.IncomingHttpHeaders; body: string };

/** A real receiver on loopback that keeps what it was sent; `answer` decides the status. */
async function receiver(port = 0, answer: () => number = () => 204) {
  const deliveries: Delivery[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      deliveries.push({ headers: req.headers, body });
      res.writeHead(answer()).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    deliveries,
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The receiver's own check, written from the documented scheme rather than with our helper. */
function signatureHolds(delivery: Delivery): boolean {
  const timestamp = String(delivery.headers["x-twostep-timestamp"]);
  const expected = Buffer.from(`sha256=${createHmac("sha256", SECRET).update(`${timestamp}.${delivery.body}`).digest("hex")}`);
  const given = Buffer.from(String(delivery.headers["x-twostep-signature"]));
  return expected.length === given.length && timingSafeEqual(expected, given);
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("security events reach a signed webhook", () => {
  it("an authenticator added and a wrong SMS code reach the receiver through the core, signed, without secret or code", { timeout: 60_000 }, async () => {
    const inbox = await receiver();
    cleanups.push(inbox.close);
    const env = {
      NODE_ENV: "test",
      DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "twostep-webhook-")),
      SMS_PROVIDER: "outbox",
      LOG_LEVEL: "silent",
      SECURITY_WEBHOOK_URL: `http://127.0.0.1:${inbox.port}/hook`,
      SECURITY_WEBHOOK_SECRET: SECRET,
    };
    const twostep = await createTwoStepFromConfig(loadConfig(env), { logger: silent });
    cleanups.push(() => twostep.close());
    const signedUp = await twostep.accounts.signUp({ email: "hook@example.com", password: "correct horse battery staple 42" });
    if (!signedUp.ok) throw new Error("sign-up failed");
    const userId = signedUp.user.id;
    const begun = await twostep.twoFactor.beginAuthenticatorEnrollment({ userId, accountName: "hook@example.com" });
    if (!begun.ok) throw new Error("enrollment did not start");
    const code = totpCodeAt(begun.secret, Date.now());
    expect(await twostep.twoFactor.confirmAuthenticatorEnrollment({ userId, factorId: begun.factorId, code })).toMatchObject({ ok: true });

    // A wrong SMS code: on SQL the store could write this event in its own one-step statement,
    // past the audit log; with a hook listening the core keeps it on the path the hook hears.
    const actor = { userId, purpose: "sign_in" as const, ip: "203.0.113.7" };
    expect(await twostep.challenges.start({ ...actor, phone: "+12015550142" })).toMatchObject({ ok: true });
    expect(await twostep.challenges.verify({ ...actor, code: "000000" })).toMatchObject({ ok: false });

    await expect.poll(() => inbox.deliveries.map((d) => JSON.parse(d.body).type), { timeout: 10_000 }).toEqual(
      expect.arrayContaining(["authenticator.added", "code.sent", "code.failed"]),
    );
    for (const delivery of inbox.deliveries) {
      expect(signatureHolds(delivery)).toBe(true);
      expect(delivery.body).not.toContain(begun.secret);
      expect(delivery.body).not.toContain(code);
    }
    const added = inbox.deliveries.find((d) => JSON.parse(d.body).type === "authenticator.added")!;
    expect(JSON.parse(added.body)).toMatchObject({ type: "authenticator.added", userId });
    // The signed audit row is the same event: the table and the hook are fed from one place.
    expect((await twostep.audit.recentForUser(userId, 10)).map((e) => e.type)).toContain("authenticator.added");
  });

  it("a body changed on the way, or a replayed old timestamp, fails verification", () => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const body = JSON.stringify({ type: "two_factor.disabled" });
    const signature = `sha256=${createHmac("sha256", SECRET).update(`${timestamp}.${body}`).digest("hex")}`;
    expect(verifyWebhookSignature({ secret: SECRET, timestamp, body, signature })).toBe(true);
    expect(verifyWebhookSignature({ secret: SECRET, timestamp, body: body.replace("disabled", "enabled"), signature })).toBe(false);
    expect(verifyWebhookSignature({ secret: SECRET, timestamp, body, signature, nowMs: Date.now() + 3_600_000 })).toBe(false);
  });

  it("no code, secret or full phone number leaves in the body, whatever the detail held", async () => {
    const inbox = await receiver();
    cleanups.push(inbox.close);
    const hook = createSignedWebhook({ url: `http://127.0.0.1:${inbox.port}/`, secret: SECRET, logger: silent });
    cleanups.push(() => hook.close());
    await hook.deliver({ userId: "u1", type: "phone.changed", at: new Date(), detail: { code: "123456", to: "+1 415 555 0123", note: "use 654321", phone: "+1••••••0123", factor: "sms", left: 9 } });
    await hook.idle();
    const body = JSON.parse(inbox.deliveries[0]!.body);
    expect(body.detail).toEqual({ phone: "+1••••••0123", factor: "sms", left: 9 });
    expect(inbox.deliveries[0]!.body).not.toMatch(/123456|654321|415 555/);
  });

  it("a receiver that is down at first gets the events once it is back, even after a restart in between", { timeout: 60_000 }, async () => {
    // The outbox is a table (under a host's prefix here) on embedded PostgreSQL: it outlives the process.
    const database = await openDatabase({ pgliteMemory: true, tablePrefix: "acme_" });
    cleanups.push(() => database.close());
    const outbox = createSqlEventOutbox(database.db, { tables: database.tables });
    // Find a free port, then leave it closed: the first tries are refused outright.
    const probe = await receiver();
    const port = probe.port;
    await probe.close();
    // pollMs: a restarted instance finds what an earlier run left at its next idle look (5 s by
    // default); the retries the earlier run scheduled are not its timers.
    const options = { url: `http://127.0.0.1:${port}/hook`, secret: SECRET, logger: silent, firstRetryMs: 100, maxRetryMs: 400, pollMs: 250, outbox };
    const before = createSignedWebhook(options);
    const started = Date.now();
    await before.deliver({ userId: "u1", type: "two_factor.disabled", at: new Date(), ip: "203.0.113.9" });
    await before.deliver({ userId: "u1", type: "phone.changed", at: new Date() });
    expect(Date.now() - started).toBeLessThan(1_000); // written to the outbox, not posted on the caller's time
    await new Promise((resolve) => setTimeout(resolve, 500));
    before.close(); // the app stops while the receiver is still down
    expect(await outbox.pending()).toBe(2);

    let status = 503; // back, but failing at first: a non-2xx answer is retried too
    const inbox = await receiver(port, () => status);
    cleanups.push(inbox.close);
    const after = createSignedWebhook(options); // the next start finds what waited
    cleanups.push(() => after.close());
    await expect.poll(() => inbox.deliveries.length, { timeout: 5_000 }).toBeGreaterThan(0);
    status = 204;
    await after.idle();

    const accepted = inbox.deliveries.slice(-2);
    // Both arrive; their order is not promised once retries interleave (each event carries its time).
    expect(accepted.map((d) => JSON.parse(d.body).type).sort()).toEqual(["phone.changed", "two_factor.disabled"]);
    for (const delivery of accepted) expect(signatureHolds(delivery)).toBe(true);
    // A retry resends the same event (same id), so a receiver can drop duplicates.
    expect(new Set(inbox.deliveries.map((d) => String(d.headers["x-twostep-event-id"]))).size).toBe(2);
    expect(await outbox.pending()).toBe(0);
  });

  it("is configured by both variables or neither: a URL without a strong secret, or plain http in production, stops start-up", () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig({ NODE_ENV: "test", DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "twostep-webhook-env-")), ...env });
        return [];
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        return error.problems;
      }
    };
    expect(problems({ SECURITY_WEBHOOK_URL: "https://hooks.example.com/twostep" }).join()).toMatch(/SECURITY_WEBHOOK_SECRET: required/);
    expect(problems({ SECURITY_WEBHOOK_URL: "https://hooks.example.com/twostep", SECURITY_WEBHOOK_SECRET: "short" }).join()).toMatch(/SECURITY_WEBHOOK_SECRET/);
    expect(problems({ SECURITY_WEBHOOK_SECRET: SECRET }).join()).toMatch(/SECURITY_WEBHOOK_URL: required/);
    expect(problems({ SECURITY_WEBHOOK_URL: "http://hooks.example.com/twostep", SECURITY_WEBHOOK_SECRET: SECRET, NODE_ENV: "production" }).join()).toMatch(/https/);
    expect(loadConfig({ NODE_ENV: "test", DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "twostep-webhook-env-")) }).securityWebhook).toBeNull();
  });
});
