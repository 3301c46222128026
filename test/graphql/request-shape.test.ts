// Threat: a request of an unexpected shape (a JSON batch, broken JSON, wrong types, a huge or
// deeply nested document, an introspection query) makes the production server run several
// operations at once, fail with a 500, or describe its schema and internals to a stranger.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../support/app-server";
import { randomPhone } from "../support/fixtures";
import { signedUpBrowser } from "./accounts";
import { stateBackends } from "./backends";
import { CSRF_HEADER, type GraphQLBrowser } from "./graphql-browser";

describe.each(await stateBackends())("GraphQL request shapes ($name)", ({ env }) => {
  let app: AppServer;
  let browser: GraphQLBrowser;
  beforeAll(async () => {
    app = await startAppServer(env);
    ({ browser } = await signedUpBrowser(app.url));
  });
  afterAll(async () => {
    await app?.stop();
  });

  const post = (body: string, headers: Record<string, string> = {}) =>
    browser.fetch("/api/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json", [CSRF_HEADER]: "1", ...headers },
      body,
    });
  const codesOf = async (res: Response) =>
    ((await res.json()) as { errors?: { extensions?: { code?: string } }[] }).errors?.map((e) => e.extensions?.code);

  it("refuses a JSON array batch without running any of it", async () => {
    const phone = randomPhone();
    const op = { query: `mutation { setPhoneNumber(phoneNumber: "${phone}") { success } }` };
    const res = await post(JSON.stringify([op, op, { query: "{ me { email } }" }]));
    expect(res.status).toBe(400);
    expect(await codesOf(res)).toEqual(["BAD_REQUEST"]);
    const outbox = await browser.fetch(`/api/dev/outbox?to=${encodeURIComponent(phone)}`);
    expect(((await outbox.json()) as { messages: unknown[] }).messages).toHaveLength(0);
  });

  it("answers every malformed body with a 4xx and a code, never a 500", async () => {
    const bodies: [string, string][] = [
      ["empty", ""],
      ["broken JSON", '{"query": "{ me { email } }"'],
      ["null", "null"],
      ["a number", "42"],
      ["a string", '"{ me { email } }"'],
      ["an empty array", "[]"],
      ["no query", "{}"],
      ["query not a string", '{"query": 42}'],
      ["empty query", '{"query": "   "}'],
      ["variables not an object", '{"query": "{ me { email } }", "variables": [1]}'],
      ["variables a string", '{"query": "{ me { email } }", "variables": "{}"}'],
      ["operationName not a string", '{"query": "{ me { email } }", "operationName": 1}'],
      ["unknown operationName", '{"query": "{ me { email } }", "operationName": "Nope"}'],
      ["syntax error", '{"query": "mutation { verifyOtp(otp: "}'],
      ["unknown field", '{"query": "{ password }"}'],
      ["missing argument", '{"query": "mutation { verifyOtp { success } }"}'],
      ["argument of the wrong type", '{"query": "mutation { verifyOtp(otp: 123456) { success } }"}'],
      ["variable of the wrong type", '{"query": "mutation V($o: String!) { verifyOtp(otp: $o) { success } }", "variables": {"o": 123456}}'],
      ["missing variable", '{"query": "mutation V($o: String!) { verifyOtp(otp: $o) { success } }"}'],
      ["subscription", '{"query": "subscription { me { email } }"}'],
      ["not UTF-8 JSON", "\u0000\u0001\u0002"],
    ];
    for (const [name, body] of bodies) {
      const res = await post(body);
      expect(res.status, name).toBeGreaterThanOrEqual(400);
      expect(res.status, name).toBeLessThan(500);
      const codes = await codesOf(res);
      expect(codes?.length, name).toBeGreaterThan(0);
      for (const code of codes ?? []) expect(typeof code, name).toBe("string");
    }
  });

  it("refuses oversized and overgrown documents", async () => {
    const big = await post(JSON.stringify({ query: "{ me { email } }", variables: { pad: "x".repeat(20_000) } }));
    expect(big.status).toBe(413);

    const manyTokens = await post(JSON.stringify({ query: `{ ${"a ".repeat(1_500)}}` }));
    expect(manyTokens.status).toBe(400);

    // Each fragment uses the one below twice: 2^20 fields if expanded.
    const fragments = Array.from({ length: 20 }, (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`);
    fragments.push("fragment F20 on Query { me { email } }");
    const exploding = await post(JSON.stringify({ query: `{ ...F0 } ${fragments.join(" ")}` }));
    expect(exploding.status).toBe(400);
    expect(await codesOf(exploding)).toEqual(["QUERY_TOO_COMPLEX"]);

    const aliases = Array.from({ length: 30 }, (_, i) => `m${i}: me { email phoneHint }`).join(" ");
    const wide = await post(JSON.stringify({ query: `{ ${aliases} }` }));
    expect(wide.status).toBe(400);
    expect(await codesOf(wide)).toEqual(["QUERY_TOO_COMPLEX"]);
  });

  it("keeps the schema private in production: no introspection, no suggestions, no GraphiQL", async () => {
    for (const query of ["{ __schema { types { name } } }", '{ __type(name: "Me") { fields { name } } }']) {
      const res = await post(JSON.stringify({ query }));
      expect(res.status).toBe(400);
      expect(await codesOf(res)).toContain("GRAPHQL_VALIDATION_FAILED");
    }
    const typo = await post(JSON.stringify({ query: "{ mee { email } }" }));
    const text = await typo.text();
    expect(typo.status).toBe(400);
    expect(text).not.toMatch(/did you mean/i);

    const graphiql = await browser.fetch("/api/graphql", { headers: { accept: "text/html" } });
    expect(graphiql.status).toBe(405);
    expect(await graphiql.text()).not.toMatch(/graphiql/i);
  });

  it("still answers a well-formed request", async () => {
    const res = await post(JSON.stringify({ query: "query Who { me { twoFactorVerified } }", operationName: "Who", variables: null }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { me: { twoFactorVerified: true } } });
  });
});
