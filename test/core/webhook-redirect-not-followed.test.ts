// Threat: the security webhook follows a redirect. A 301/302 turns the signed POST into a GET with
// no body, some page at the new address answers 200, and the event is deleted as delivered: the
// receiver never hears that 2FA was turned off. A 307/308 re-posts the signed body to whatever
// host the Location names (an internal service). A redirect must never be followed: it is a failed
// try (the event stays queued for its retry), logged with the status and the target's origin only.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createMemoryEventOutbox, createSignedWebhook } from "@twostep/core";
import { captureLogs } from "../support/log-capture";

const SECRET = "webhook-secret-0123456789-abcdefghijklmnop";

type Seen = { method: string; url: string; bodyLength: number; signed: boolean };

/** A real HTTP server on loopback that records each request and answers with `answer`. */
async function server(host: string, answer: (req: http.IncomingMessage, res: http.ServerResponse) => void) {
  const seen: Seen[] = [];
  const srv = http.createServer((req, res) => {
    let length = 0;
    req.on("data", (chunk: Buffer) => (length += chunk.length));
    req.on("end", () => {
      seen.push({ method: req.method ?? "", url: req.url ?? "", bodyLength: length, signed: Boolean(req.headers["x-twostep-signature"]) });
      answer(req, res);
    });
  });
  await new Promise<void>((resolve) => srv.listen(0, host, resolve));
  return { seen, port: (srv.address() as AddressInfo).port, close: () => new Promise<void>((resolve) => srv.close(() => resolve())) };
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("the security webhook never follows a redirect", () => {
  it("a 301 to a page that answers 200 is a failed try: no GET is made and the event stays queued", async () => {
    const receiver = await server("127.0.0.1", (req, res) => {
      if (req.url === "/hooks/security") return res.writeHead(301, { location: "/hooks/security/?token=abc" }).end();
      res.writeHead(200, { "content-type": "text/html" }).end("<html>a page</html>");
    });
    cleanups.push(receiver.close);
    const logs = captureLogs("warn");
    const outbox = createMemoryEventOutbox();
    const hook = createSignedWebhook({ url: `http://127.0.0.1:${receiver.port}/hooks/security`, secret: SECRET, logger: logs.logger, outbox, firstRetryMs: 60_000 });
    cleanups.push(() => hook.close());

    await hook.deliver({ userId: "u1", type: "two_factor.disabled", ip: "203.0.113.9", at: new Date() });
    await expect.poll(() => logs.text(), { timeout: 5_000 }).toMatch(/redirect/);
    await new Promise((resolve) => setTimeout(resolve, 200));

    expect(receiver.seen).toEqual([{ method: "POST", url: "/hooks/security", bodyLength: expect.any(Number), signed: true }]);
    expect(await outbox.pending()).toBe(1); // not counted as delivered
    const redirectLine = JSON.parse(logs.lines.find((line) => line.includes("redirect"))!);
    expect(redirectLine).toMatchObject({ status: 301, redirectTo: `http://127.0.0.1:${receiver.port}` });
    expect(logs.text()).not.toContain("token=abc");
    expect(logs.text()).not.toContain("/hooks/security/");
  });

  it("a 307 to another host does not carry the signed body there", async () => {
    const internal = await server("127.0.0.2", (_req, res) => res.writeHead(200).end("ok"));
    cleanups.push(internal.close);
    const receiver = await server("127.0.0.1", (_req, res) => res.writeHead(307, { location: `http://127.0.0.2:${internal.port}/admin/anything?key=s3cr3t` }).end());
    cleanups.push(receiver.close);
    const logs = captureLogs("warn");
    const outbox = createMemoryEventOutbox();
    const hook = createSignedWebhook({ url: `http://127.0.0.1:${receiver.port}/hook`, secret: SECRET, logger: logs.logger, outbox, firstRetryMs: 60_000 });
    cleanups.push(() => hook.close());

    await hook.deliver({ userId: "u1", type: "phone.changed", ip: "203.0.113.9", detail: { phone: "+1•••••••0123" }, at: new Date() });
    await expect.poll(() => logs.text(), { timeout: 5_000 }).toMatch(/redirect/);
    await new Promise((resolve) => setTimeout(resolve, 200));

    expect(internal.seen).toEqual([]);
    expect(receiver.seen).toHaveLength(1);
    expect(await outbox.pending()).toBe(1);
    const redirectLine = JSON.parse(logs.lines.find((line) => line.includes("redirect"))!);
    expect(redirectLine).toMatchObject({ status: 307, redirectTo: `http://127.0.0.2:${internal.port}` });
    expect(logs.text()).not.toMatch(/admin|s3cr3t/);
  });
});
