// Threat: a benchmark that misreports throughput. Every ratio `npm run bench:http` prints (twostep
// against better-auth, against the floor) divides checks by a run's length. autocannon calls a
// run's callback only on its next one-second sample tick, so a run that stops on a number of
// requests (every check run) once counted up to a second of idle time: a 0.2 s run read as 1 s.
// A run's length must end at its last response, whatever the load generator's ticks say.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runLoad } from "../../bench/http/run-load";

describe("bench:http's clock", () => {
  let server: Server;
  let baseUrl: string;
  let firstRequestAt = 0;
  let lastAnswerAt = 0;
  let answered = 0;

  beforeAll(async () => {
    server = createServer((request, response) => {
      request.resume();
      request.on("end", () => {
        if (answered === 0) firstRequestAt = performance.now();
        answered++;
        response.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
        lastAnswerAt = performance.now();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("ends a run that stops on a number of requests at its last response, not at autocannon's next tick", async () => {
    const startedAt = performance.now();
    const result = await runLoad({
      baseUrl,
      path: "/",
      body: "{}",
      connections: 4,
      sessions: ["a", "b", "c", "d"],
      stop: { requests: 200 },
      maxSeconds: 10,
      outcomeOf: (status) => `HTTP_${status}`,
    });
    const servedForS = (lastAnswerAt - firstRequestAt) / 1000;
    const untilLastAnswerS = (lastAnswerAt - startedAt) / 1000;

    expect(result.responses).toBe(200);
    expect(answered).toBe(200);
    expect(result.outcomes.get("HTTP_200")).toBe(200);
    // From the start to the last answer (the connections' set-up included), not to the next tick,
    // which came about a second after the start, long after these 200 answers.
    expect(result.seconds).toBeGreaterThanOrEqual(servedForS);
    expect(result.seconds).toBeLessThan(untilLastAnswerS + 0.1);
    expect(result.rps).toBeCloseTo(200 / result.seconds, 6);
  });
});
