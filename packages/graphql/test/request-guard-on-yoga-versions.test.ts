// Threat: on the graphql-yoga a host actually runs (RedwoodJS 8.9 pins 5.7.0; the reference app
// runs the latest 5.x), the request guard fails open or falls over: a request without the CSRF
// header, with a form body or a GET gets a 500 (or worse, runs) instead of a JSON 403/415/405,
// and the body rules (one JSON object, no batch, a size cap) don't hold.
import { describe, expect, it } from "vitest";
import * as currentYoga from "graphql-yoga";
import * as yoga57 from "graphql-yoga-5-7";
import { CSRF_HEADER, resolvers, twoStepPlugins, typeDefs, type TwoStepGraphQLContext } from "@twostep/graphql";

type YogaModule = Pick<typeof currentYoga, "createYoga" | "createSchema">;

/** A host's own yoga server with the twostep schema and plugins plugged in, as a RedwoodJS api side does. */
function hostServer(yoga: YogaModule) {
  const context: Pick<TwoStepGraphQLContext, "viewer"> = { viewer: { kind: "anonymous" } };
  const server = yoga.createYoga({
    schema: yoga.createSchema({ typeDefs, resolvers: resolvers as never }),
    plugins: twoStepPlugins({ exposeSchema: false }) as never,
    context: () => context,
    graphiql: false,
    landingPage: false,
    cors: false,
    logging: false,
  });
  return (init: RequestInit & { path?: string }) => server.fetch(`http://localhost/graphql${init.path ?? ""}`, init);
}

const json = { "content-type": "application/json" };
const good = { ...json, [CSRF_HEADER]: "1" };
const query = JSON.stringify({ query: "{ me { email } }" });

describe.each([
  ["graphql-yoga 5.7.0", yoga57 as unknown as YogaModule],
  ["the current graphql-yoga", currentYoga],
])("the request guard on %s", (_name, yoga) => {
  const send = hostServer(yoga);

  async function refused(res: Response, status: number, code: string) {
    expect(res.status).toBe(status);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const body = (await res.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors.map((e) => e.extensions.code)).toEqual([code]);
  }

  it("refuses what a cross-site page can send with a JSON 403/415, never a 500", async () => {
    await refused(await send({ method: "POST", headers: json, body: query }), 403, "CSRF_REJECTED");
    await refused(await send({ method: "POST", headers: { ...json, [CSRF_HEADER]: " " }, body: query }), 403, "CSRF_REJECTED");
    await refused(await send({ method: "POST", headers: { ...good, "sec-fetch-site": "cross-site" }, body: query }), 403, "CSRF_REJECTED");
    await refused(await send({ method: "POST", headers: { "content-type": "text/plain", [CSRF_HEADER]: "1" }, body: query }), 415, "CSRF_REJECTED");
    const form = { "content-type": "application/x-www-form-urlencoded", [CSRF_HEADER]: "1" };
    await refused(await send({ method: "POST", headers: form, body: "query=%7B%20me%20%7B%20email%20%7D%20%7D" }), 415, "CSRF_REJECTED");
  });

  it("refuses GET and other methods with a JSON 405", async () => {
    for (const accept of ["application/json", "text/html"]) {
      const res = await send({ method: "GET", path: "?query=%7B%20me%20%7B%20email%20%7D%20%7D", headers: { accept, [CSRF_HEADER]: "1" } });
      await refused(res, 405, "BAD_REQUEST");
      expect(res.headers.get("allow")).toBe("POST");
    }
    await refused(await send({ method: "PUT", headers: good, body: query }), 405, "BAD_REQUEST");
  });

  it("refuses a batch, a body of the wrong shape and an oversized body with a 4xx", async () => {
    await refused(await send({ method: "POST", headers: good, body: JSON.stringify([{ query: "{ me { email } }" }]) }), 400, "BAD_REQUEST");
    await refused(await send({ method: "POST", headers: good, body: '{"query": ' }), 400, "BAD_REQUEST");
    await refused(await send({ method: "POST", headers: good, body: '{"query": 1}' }), 400, "BAD_REQUEST");
    const big = await send({ method: "POST", headers: good, body: JSON.stringify({ query: "{ me { email } }", variables: { pad: "x".repeat(20_000) } }) });
    expect(big.status).toBe(413);
  });

  it("lets a well-formed request through to the resolvers", async () => {
    const res = await send({ method: "POST", headers: { ...good, accept: "application/graphql-response+json" }, body: query });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: unknown; errors: { extensions: { code: string } }[] };
    expect(body.errors.map((e) => e.extensions.code)).toEqual(["UNAUTHENTICATED"]);
  });
});
