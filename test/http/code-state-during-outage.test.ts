// Threat: while the database is down, the code pages' poll (/api/code-state, every 2 s from /verify)
// and GraphQL answer 500 with an error log line per request, so an outage looks like a bug to the
// page, the client and the operator alike. Like /api/me, they must answer 503 with the closed code
// UNAVAILABLE and a Retry-After, for a pending and a full session.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appOnProxiedPostgres } from "../support/proxied-postgres";
import type { HttpSession } from "../support/http-session";
import { postgresAvailable } from "../support/services";
import { pendingSession, twoFactorUserOverHttp } from "./support/two-factor-user";

describe("signed-in route handlers during a database outage", async () => {
  const run = await postgresAvailable();
  let setup: Awaited<ReturnType<typeof appOnProxiedPostgres>> | undefined;
  let full: HttpSession;
  let pending: HttpSession;
  beforeAll(async () => {
    if (!run) return;
    setup = await appOnProxiedPostgres();
    const user = await twoFactorUserOverHttp(setup.app.url);
    full = user.full;
    pending = await pendingSession(setup.app.url, user.email);
  });
  afterAll(async () => {
    await setup?.stop();
  });

  it.runIf(run)("the code-state poll answers JSON 503 UNAVAILABLE, the sign-in code's and the enrollment code's", async () => {
    // Up, the poll answers (no live enrollment code for the full session).
    expect((await pending.fetch("/api/code-state?purpose=sign_in")).status).toBe(200);
    expect((await full.fetch("/api/code-state?purpose=enroll_phone")).status).toBe(200);
    await setup!.proxy.stop();
    try {
      for (const [browser, purpose] of [[pending, "sign_in"], [full, "enroll_phone"]] as const) {
        const res = await browser.fetch(`/api/code-state?purpose=${purpose}`);
        expect(res.status, purpose).toBe(503);
        expect(res.headers.get("retry-after"), purpose).toBe("5");
        expect(res.headers.get("cache-control"), purpose).toBe("no-store");
        expect(await res.json(), purpose).toEqual({ error: { code: "UNAVAILABLE" } });
      }
    } finally {
      await setup!.proxy.start();
    }
    await expect.poll(async () => (await pending.fetch("/api/code-state?purpose=sign_in")).status, { timeout: 20_000, interval: 500 }).toBe(200);
  });

  it.runIf(run)("GraphQL answers 503 with UNAVAILABLE when it cannot read the session", async () => {
    await setup!.proxy.stop();
    try {
      for (const browser of [pending, full]) {
        const res = await browser.fetch("/api/graphql", {
          method: "POST",
          headers: { "content-type": "application/json", "x-twostep-csrf": "1", origin: setup!.app.url },
          body: JSON.stringify({ query: "query { me { email } }" }),
        });
        expect(res.status).toBe(503);
        expect(res.headers.get("retry-after")).toBe("5");
        const body = (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
        expect(body.errors?.[0]?.extensions?.code).toBe("UNAVAILABLE");
      }
    } finally {
      await setup!.proxy.start();
    }
  });
});
