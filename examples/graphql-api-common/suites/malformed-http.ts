// One hand-made request must not take the server down for everyone (a request target node:http
// accepts but URL can't parse), nor make it hold a body of any size in memory: the node:http
// adapter answers 400 or 413 and goes on serving.
import { connect } from "node:net";
import { MAX_REQUEST_BODY_BYTES } from "@twostep/graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExampleServer } from "../src/index.js";
import { browser, startExample, unexpectedErrorLines, type FrameworkUnderTest } from "./support.js";

/**
 * Writes `head` (and `body`, if any) on a raw TCP socket and resolves with the status line of the
 * answer, or "closed without an answer" / "no answer within 5 s".
 */
function rawRequest(url: string, head: string, body?: Buffer): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    let received = "";
    const timer = setTimeout(() => finish("no answer within 5 s"), 5_000);
    function finish(answer: string) {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    }
    socket.on("data", (chunk) => {
      received += chunk.toString("latin1");
      const line = received.indexOf("\r\n");
      if (line >= 0) finish(received.slice(0, line));
    });
    socket.on("error", () => finish("closed without an answer"));
    socket.on("close", () => finish("closed without an answer"));
    socket.write(head);
    if (body) socket.write(body);
  });
}

/** Run by each example's test/malformed-http.test.ts against its own server. */
export function malformedHttpSuite(framework: FrameworkUnderTest) {
  let example: ExampleServer;
  const logs: string[] = [];
  beforeAll(async () => {
    example = await startExample(framework, { logs });
  });
  afterAll(() => example?.close());

  const stillServes = async () => expect((await browser(example.url).gql("{ me { email } }")).body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");

  describe(`${framework.name} example: malformed HTTP`, () => {
    it("answers 400 to a request target URL can't parse, and keeps serving", async () => {
      const head = `POST http://[ HTTP/1.1\r\nHost: ${new URL(example.url).host}\r\nContent-Type: application/json\r\nx-twostep-csrf: 1\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`;
      expect(await rawRequest(example.url, head)).toBe("HTTP/1.1 400 Bad Request");
      await stillServes();
      expect(unexpectedErrorLines(logs)).toEqual([]);
    });

    it("answers 413 to a declared body over the limit before the rest of it arrives", async () => {
      const declared = 100 * MAX_REQUEST_BODY_BYTES;
      const head = `POST /graphql HTTP/1.1\r\nHost: ${new URL(example.url).host}\r\nContent-Type: application/json\r\nx-twostep-csrf: 1\r\nContent-Length: ${declared}\r\nConnection: close\r\n\r\n`;
      // Only a fifth of the declared body is sent: an adapter that waits for all of it never answers.
      expect(await rawRequest(example.url, head, Buffer.alloc(20 * MAX_REQUEST_BODY_BYTES, 0x20))).toBe("HTTP/1.1 413 Payload Too Large");
      await stillServes();
    });

    it("answers 413 to a chunked body once it passes the limit, without waiting for its end", async () => {
      const head = `POST /graphql HTTP/1.1\r\nHost: ${new URL(example.url).host}\r\nContent-Type: application/json\r\nx-twostep-csrf: 1\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n`;
      const chunk = Buffer.alloc(8 * MAX_REQUEST_BODY_BYTES, 0x20);
      // One chunk over the limit, and no terminating chunk.
      const body = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from("\r\n")]);
      expect(await rawRequest(example.url, head, body)).toBe("HTTP/1.1 413 Payload Too Large");
      await stillServes();
    });

    it("still answers a body just under the limit as before", async () => {
      const padding = " ".repeat(MAX_REQUEST_BODY_BYTES - 100);
      const answer = await browser(example.url).post(`{"query":"{ me { email } }"}${padding}`);
      expect(answer.body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    });
  });
}
