// Whatever the framework's handler throws must become an answer (a 500, logged), never an
// unhandled rejection that ends the process for everyone; a client that leaves mid-body is no error.
import { connect } from "node:net";
import { createLogger } from "@twostep/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listenLambda, type LambdaHandler } from "../src/http-adapter.js";

describe("the examples' node:http adapter", () => {
  const logs: string[] = [];
  let failNext = false;
  const handler: LambdaHandler = async () => {
    if (failNext) {
      failNext = false;
      throw new Error("the handler broke");
    }
    return { statusCode: 200, body: "ok" };
  };
  let server: Awaited<ReturnType<typeof listenLambda>>;
  beforeAll(async () => {
    server = await listenLambda(handler, { port: 0, logger: createLogger({ level: "info", destination: { write: (line: string) => void logs.push(line) } }) });
  });
  afterAll(() => server?.close());

  const errorLines = () => logs.filter((line) => (JSON.parse(line) as { level: number }).level >= 50);

  it("answers 500 when the handler throws, logs it, and keeps serving", async () => {
    failNext = true;
    const broken = await fetch(server.url, { method: "POST", body: "{}" });
    expect(broken.status).toBe(500);
    expect(await broken.json()).toEqual({ errors: [{ message: "Something went wrong.", extensions: { code: "INTERNAL_SERVER_ERROR" } }] });
    expect(errorLines()).toHaveLength(1);
    expect((await fetch(server.url, { method: "POST", body: "{}" })).status).toBe(200);
  });

  it("logs nothing when a client leaves before its body is read", async () => {
    const before = errorLines().length;
    const { hostname, port } = new URL(server.url);
    await new Promise<void>((resolve) => {
      const socket = connect(Number(port), hostname, () => {
        socket.write(`POST /graphql HTTP/1.1\r\nHost: ${hostname}\r\nContent-Length: 1000\r\n\r\n{"query"`);
        setTimeout(() => {
          socket.destroy();
          resolve();
        }, 100);
      });
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(errorLines()).toHaveLength(before);
    expect((await fetch(server.url, { method: "POST", body: "{}" })).status).toBe(200);
  });
});
