// Threat: a page on another site makes the victim's browser call the GraphQL API with the
// victim's session cookie (cross-site request forgery): a form post, a "simple" fetch, or a fetch
// whose CORS preflight the server approves.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../support/app-server";
import { randomPhone } from "../support/fixtures";
import { signedUpBrowser } from "./accounts";
import { stateBackends } from "./backends";
import { CSRF_HEADER, type GraphQLBrowser } from "./graphql-browser";

describe.each(await stateBackends())("GraphQL CSRF defences ($name)", ({ env }) => {
  let app: AppServer;
  let browser: GraphQLBrowser;
  beforeAll(async () => {
    app = await startAppServer(env);
    ({ browser } = await signedUpBrowser(app.url));
  });
  afterAll(async () => {
    await app?.stop();
  });

  const outboxCount = async (phone: string) => {
    const res = await browser.fetch(`/api/dev/outbox?to=${encodeURIComponent(phone)}`);
    return ((await res.json()) as { messages: unknown[] }).messages.length;
  };
  const mutation = (phone: string) => JSON.stringify({ query: `mutation { setPhoneNumber(phoneNumber: "${phone}") { success } }` });

  it("refuses what a cross-site page can send without a preflight", async () => {
    const phone = randomPhone();
    const attempts: { headers: Record<string, string>; body: string; status: number }[] = [
      // fetch() with a JSON body but no custom header.
      { headers: { "content-type": "application/json" }, body: mutation(phone), status: 403 },
      // <form enctype="text/plain"> can carry a JSON-looking body.
      { headers: { "content-type": "text/plain", [CSRF_HEADER]: "1" }, body: mutation(phone), status: 415 },
      { headers: { "content-type": "application/x-www-form-urlencoded" }, body: `query=${encodeURIComponent(`mutation { setPhoneNumber(phoneNumber: "${phone}") { success } }`)}`, status: 415 },
      { headers: { "content-type": "multipart/form-data; boundary=x", [CSRF_HEADER]: "1" }, body: "--x--", status: 415 },
      // A browser says where the request comes from; cross-site is refused even with the header.
      { headers: { "content-type": "application/json", [CSRF_HEADER]: "1", "sec-fetch-site": "cross-site" }, body: mutation(phone), status: 403 },
      // The header must carry a value.
      { headers: { "content-type": "application/json", [CSRF_HEADER]: "" }, body: mutation(phone), status: 403 },
    ];
    for (const attempt of attempts) {
      const res = await browser.fetch("/api/graphql", { method: "POST", headers: { origin: "https://evil.example", ...attempt.headers }, body: attempt.body });
      expect(res.status, JSON.stringify(attempt.headers)).toBe(attempt.status);
      const body = (await res.json()) as { errors: { extensions: { code: string } }[] };
      expect(body.errors[0]?.extensions.code).toBe("CSRF_REJECTED");
      expect(res.headers.get("access-control-allow-origin")).toBeNull();
    }
    expect(await outboxCount(phone)).toBe(0);
  });

  it("approves no cross-origin preflight, so a page elsewhere can't add the header", async () => {
    const res = await browser.fetch("/api/graphql", {
      method: "OPTIONS",
      headers: {
        origin: "https://evil.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": `content-type, ${CSRF_HEADER}`,
      },
    });
    expect(res.status).toBeLessThan(500);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    expect(res.headers.get("access-control-allow-credentials")).toBeNull();
    expect(res.headers.get("access-control-allow-headers")).toBeNull();
  });

  it("refuses GET, so a link or an <img> can't run a query", async () => {
    const query = encodeURIComponent("{ me { email } }");
    for (const accept of ["application/json", "text/html"]) {
      const res = await browser.fetch(`/api/graphql?query=${query}`, { headers: { accept, [CSRF_HEADER]: "1" } });
      expect(res.status).toBe(405);
    }
  });

  it("accepts the same request with the header, from the same site", async () => {
    const phone = randomPhone();
    const res = await browser.fetch("/api/graphql", {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8", [CSRF_HEADER]: "1", "sec-fetch-site": "same-origin" },
      body: mutation(phone),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { setPhoneNumber: { success: true } } });
    expect(await outboxCount(phone)).toBe(1);
  });
});
