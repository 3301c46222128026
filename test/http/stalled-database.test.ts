// Threat: with the database frozen (connections open, nothing answers), requests hang for as long
// as TCP allows while /api/health still says 200, so neither users nor the load balancer learn
// anything. Reads on a request path give up at a deadline with a clear 503, and the health check
// reports each dependency with its latency and answers 503 naming the one that is down.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appOnProxiedPostgres } from "../support/proxied-postgres";
import { TEST_OUTBOX_TOKEN } from "../support/app-server";
import { postgresAvailable } from "../support/services";

/** Store deadline (5 s) plus slack: past this the request hung. */
const ANSWER_WITHIN_MS = 8_000;

async function timed(url: string, headers: Record<string, string> = {}) {
  const started = Date.now();
  const res = await fetch(url, { headers, signal: AbortSignal.timeout(ANSWER_WITHIN_MS + 5_000) });
  const body = (await res.json()) as Record<string, unknown>;
  return { status: res.status, body, ms: Date.now() - started };
}

describe("a stalled database", async () => {
  const run = await postgresAvailable();
  let setup: Awaited<ReturnType<typeof appOnProxiedPostgres>> | undefined;
  beforeAll(async () => {
    if (run) setup = await appOnProxiedPostgres();
  });
  afterAll(async () => {
    await setup?.stop();
  });

  it.runIf(run)("health reports the database with its latency while it answers", async () => {
    const { status, body } = await timed(`${setup!.app.url}/api/health`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ ok: true, dependencies: { database: { ok: true, kind: "postgres", latencyMs: expect.any(Number) } } });
  });

  it.runIf(run)("frozen: health answers 503 naming the database, and the outbox read answers 503, both within the deadline", async () => {
    setup!.proxy.freeze();
    try {
      const [health, outbox] = await Promise.all([
        timed(`${setup!.app.url}/api/health`),
        timed(`${setup!.app.url}/api/dev/outbox?to=%2B14155550123`, { "x-twostep-outbox-token": TEST_OUTBOX_TOKEN }),
      ]);
      expect(health.status).toBe(503);
      expect(health.body).toMatchObject({ ok: false, dependencies: { database: { ok: false, problem: "NO_ANSWER" } } });
      expect(health.ms).toBeLessThan(ANSWER_WITHIN_MS);
      expect(outbox.status).toBe(503);
      expect(outbox.body).toEqual({ error: { code: "UNAVAILABLE" } });
      expect(outbox.ms).toBeLessThan(ANSWER_WITHIN_MS);
    } finally {
      setup!.proxy.thaw();
    }
    // Back: healthy again without a restart.
    expect((await timed(`${setup!.app.url}/api/health`)).status).toBe(200);
  });
});
