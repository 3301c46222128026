// Threat: with the database frozen (connections open, nothing answers), requests hang for as long
// as TCP allows while /api/health still says 200, so neither users nor the load balancer learn
// anything. Reads on a request path give up at a deadline with a clear 503, and the health check
// reports each dependency with its latency and answers 503 naming the one that is down. A signed-in
// page or /api/me gives up at the deadline too: JSON 503 from the API, the "temporarily unavailable"
// page (status 500, the only status Next gives a page that fails to render) for pages.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appOnProxiedPostgres } from "../support/proxied-postgres";
import { TEST_OUTBOX_TOKEN } from "../support/app-server";
import { HttpSession } from "../support/http-session";
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

  it.runIf(run)("frozen: a signed-in /api/me answers JSON 503 and a signed-in page the unavailable page, within the deadline", async () => {
    const browser = new HttpSession(setup!.app.url);
    await browser.signUp("stalled@example.com", "correct horse battery staple");
    expect(await browser.signIn("stalled@example.com", "correct horse battery staple")).toBe(true);
    expect((await browser.fetch("/api/me")).status).toBe(200);
    setup!.proxy.freeze();
    try {
      const started = Date.now();
      const [me, dashboard] = await Promise.all([
        browser.fetch("/api/me", { signal: AbortSignal.timeout(ANSWER_WITHIN_MS + 5_000) }).then(async (res) => ({ res, body: await res.json(), ms: Date.now() - started })),
        browser.fetch("/dashboard", { signal: AbortSignal.timeout(ANSWER_WITHIN_MS + 5_000) }).then(async (res) => ({ res, html: await res.text(), ms: Date.now() - started })),
      ]);
      expect(me.res.status).toBe(503);
      expect(me.res.headers.get("retry-after")).toBe("5");
      expect(me.body).toEqual({ error: { code: "UNAVAILABLE" } });
      expect(me.ms).toBeLessThan(ANSWER_WITHIN_MS);
      expect(dashboard.res.status).toBe(500);
      // Next streams the error shell; the payload carries the outage digest, from which error.tsx
      // renders "Temporarily unavailable" in the browser (no other error detail is sent).
      expect(dashboard.html).toMatch(/digest\\?":\\?"TWOSTEP_SERVICE_UNAVAILABLE/);
      expect(dashboard.html).not.toContain("stalled@example.com");
      expect(dashboard.ms).toBeLessThan(ANSWER_WITHIN_MS);
    } finally {
      setup!.proxy.thaw();
    }
    // Back: the same session works again without a restart (the pool reconnects).
    await expect.poll(async () => (await browser.fetch("/api/me")).status, { timeout: 15_000, interval: 500 }).toBe(200);
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
