// Threat: while the database is down, a failed query escapes to the framework, which prints the
// statement with its parameters (the full phone number asked for) into the server log and answers
// 500. The route must answer 503, and no log line may hold a full number, under any failure.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appOnProxiedPostgres } from "../support/proxied-postgres";
import { TEST_OUTBOX_TOKEN } from "../support/app-server";
import { randomPhone } from "../support/fixtures";
import { postgresAvailable } from "../support/services";

describe("the server log during a database outage", async () => {
  const run = await postgresAvailable();
  let setup: Awaited<ReturnType<typeof appOnProxiedPostgres>> | undefined;
  beforeAll(async () => {
    // Errors are what this is about: log them all.
    if (run) setup = await appOnProxiedPostgres({ LOG_LEVEL: "trace" });
  });
  afterAll(async () => {
    await setup?.stop();
  });

  it.runIf(run)("the outbox route answers 503 and the log holds no full number", async () => {
    const phone = randomPhone();
    await setup!.proxy.stop();
    try {
      const res = await fetch(`${setup!.app.url}/api/dev/outbox?to=${encodeURIComponent(phone)}`, {
        headers: { "x-twostep-outbox-token": TEST_OUTBOX_TOKEN },
      });
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ error: { code: "UNAVAILABLE" } });
    } finally {
      await setup!.proxy.start();
    }
    // Give the server's output a moment to arrive.
    await new Promise((r) => setTimeout(r, 300));
    const logs = setup!.app.logs();
    expect(logs).toMatch(/dev outbox: the SMS log could not be read/);
    for (const form of [phone, phone.slice(1), phone.slice(2)]) expect(logs).not.toContain(form);
    expect(logs).not.toMatch(/params:/);
  });
});
