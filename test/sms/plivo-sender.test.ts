// Guards SMS delivery through the real Plivo SDK: every provider failure becomes a typed reason, only failures where Plivo took nothing are retried (a retried 4xx could double-send), and no log line carries the code or the full number.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { validateSignature } from "plivo";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createLogger, maskPhone } from "@twostep/core";
import { createPlivoSender, type PlivoSenderOptions } from "@twostep/core/plivo";
import { startFakePlivo, type FakePlivo } from "../support/fake-plivo-server";

const AUTH = { authId: "MAFAKEAUTHID0000", authToken: "fake-auth-token" };
const TO = "+14155550123";
const FROM = "+14155550100";
const MESSAGE = { to: TO, body: "482913 is your twostep code", messageId: "msg-1" };

let fake: FakePlivo;
let logLines: string[];

beforeEach(async () => {
  fake = await startFakePlivo(AUTH);
  logLines = [];
});
afterEach(() => fake.close());

function sender(overrides: Partial<PlivoSenderOptions> = {}) {
  const logger = createLogger({ level: "debug", destination: { write: (line: string) => void logLines.push(line) } });
  return createPlivoSender({ ...AUTH, from: FROM, apiUrl: fake.url, timeoutMs: 300, logger, ...overrides });
}

describe("createPlivoSender", () => {
  it("sends src, dst and text with Basic auth and returns Plivo's message uuid", async () => {
    const result = await sender().send(MESSAGE);

    expect(result).toEqual({ ok: true, providerMessageId: expect.any(String), status: "queued" });
    expect(fake.requests).toEqual([expect.objectContaining({ authorized: true })]);
    expect(fake.lastMessageTo(TO)).toMatchObject({ src: FROM, dst: TO, text: MESSAGE.body });
    expect(fake.messages[0]?.url).toBeUndefined();
  });

  it("reports refused credentials as AUTH_FAILED without retrying", async () => {
    const result = await sender({ authToken: "wrong-token" }).send(MESSAGE);

    expect(result).toMatchObject({ ok: false, reason: "AUTH_FAILED" });
    expect(fake.requests).toHaveLength(1);
  });

  it.each([
    [400, "INVALID_DESTINATION"],
    [401, "AUTH_FAILED"],
    [429, "PROVIDER_RATE_LIMITED"],
  ] as const)("maps HTTP %i to %s after exactly one request", async (status, reason) => {
    fake.script({ status });

    const result = await sender().send(MESSAGE);

    expect(result).toMatchObject({ ok: false, reason });
    expect(fake.requests).toHaveLength(1);
    expect(fake.messages).toHaveLength(0);
  });

  it("retries a 500 and succeeds on the next attempt", async () => {
    fake.script({ status: 500 });

    const result = await sender().send(MESSAGE);

    expect(result.ok).toBe(true);
    expect(fake.requests).toHaveLength(2);
    expect(fake.messages).toHaveLength(1);
  });

  it("retries 5xx in both shapes the SDK reports them (JSON 503, HTML 503)", async () => {
    fake.script({ status: 503 }, { status: 503, body: "<html>Service Unavailable</html>" });

    const result = await sender().send(MESSAGE);

    expect(result.ok).toBe(true);
    expect(fake.requests).toHaveLength(3);
  });

  it("gives up with PROVIDER_ERROR after maxRetries", async () => {
    fake.script({ status: 500 }, { status: 500 }, { status: 500 });

    const result = await sender({ maxRetries: 2 }).send(MESSAGE);

    expect(result).toMatchObject({ ok: false, reason: "PROVIDER_ERROR" });
    expect(fake.requests).toHaveLength(3);
  });

  it("reports an answer slower than timeoutMs as UNKNOWN_OUTCOME (Plivo may have queued it)", async () => {
    fake.script({ delayMs: 1_500 });
    const started = Date.now();

    const result = await sender({ maxRetries: 0 }).send(MESSAGE);

    expect(result).toMatchObject({ ok: false, reason: "UNKNOWN_OUTCOME" });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("does not retry a connection dropped after the request was sent (Plivo may have queued it)", async () => {
    fake.script({ dropConnection: true });

    const result = await sender().send(MESSAGE);

    expect(result).toMatchObject({ ok: false, reason: "UNKNOWN_OUTCOME" });
    expect(fake.requests).toHaveLength(1);
  });

  it("returns NETWORK_ERROR instead of throwing when nothing listens", async () => {
    const s = sender({ maxRetries: 1 });
    await fake.close();

    await expect(s.send(MESSAGE)).resolves.toMatchObject({ ok: false, reason: "NETWORK_ERROR" });
  });

  it("passes the status callback url, and the fake's callbacks verify with the SDK's V2 check", async () => {
    const received: Array<{ status: string | null; valid: boolean }> = [];
    const app = createServer((req, res) => {
      let raw = "";
      req.on("data", (chunk) => (raw += chunk));
      req.on("end", () => {
        const url = `http://127.0.0.1:${(app.address() as AddressInfo).port}${req.url}`;
        const [signature, nonce] = [req.headers["x-plivo-signature-v2"], req.headers["x-plivo-signature-v2-nonce"]];
        const valid = validateSignature(url, String(nonce), String(signature), AUTH.authToken) === true;
        received.push({ status: new URLSearchParams(raw).get("Status"), valid });
        res.writeHead(valid ? 204 : 403).end();
      });
    });
    await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
    const callbackUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/api/sms/status?src=plivo`;
    await fake.close();
    fake = await startFakePlivo({ ...AUTH, autoCallbacks: true });

    const result = await sender({ statusCallbackUrl: callbackUrl }).send(MESSAGE);

    expect(fake.messages[0]).toMatchObject({ url: callbackUrl, method: "POST" });
    await vi.waitFor(() => expect(received).toHaveLength(2), { timeout: 2_000 });
    expect(received).toEqual([
      { status: "queued", valid: true },
      { status: "delivered", valid: true },
    ]);
    expect(fake.callbacks.map((c) => c.messageUuid)).toEqual([
      result.ok && result.providerMessageId,
      result.ok && result.providerMessageId,
    ]);
    await new Promise<void>((resolve) => app.close(() => resolve()));
  });

  it("logs each attempt with the number masked, never the text or the full number", async () => {
    fake.script({ status: 500 });
    await sender().send(MESSAGE);
    fake.script({ status: 400 });
    await sender().send({ ...MESSAGE, messageId: "msg-2" });

    const logs = logLines.join("");
    expect(logLines).toHaveLength(3);
    expect(logs).toContain(maskPhone(TO));
    expect(logs).not.toContain("482913");
    expect(logs).not.toContain("4155550123");
  });
});
