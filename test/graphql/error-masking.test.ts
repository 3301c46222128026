// Threat: an error nobody planned for (a database driver's message, a stack trace, a connection
// string) reaches the client through a GraphQL error, telling an attacker about the internals.
// In-process: the yoga server over a context whose core calls throw such errors.
import { describe, expect, it } from "vitest";
import { createTwoStepYoga, type TwoStepGraphQLContext } from "@twostep/graphql";
import { captureLogs } from "../support/log-capture";
import { CSRF_HEADER } from "./graphql-browser";

const SECRET_DETAIL = "connect ECONNREFUSED 10.1.2.3:5432 postgres://app:hunter2@db/twostep";

function serverWhoseCoreThrows() {
  const logs = captureLogs("error");
  const explode = async (): Promise<never> => {
    throw new Error(SECRET_DETAIL);
  };
  const context: TwoStepGraphQLContext = {
    viewer: { kind: "full", userId: "user-1", email: "a@example.com", signedInAtMs: Date.now() },
    ip: "10.0.0.1",
    twoFactor: new Proxy({} as TwoStepGraphQLContext["twoFactor"], { get: () => explode }),
    completeSignIn: explode,
  };
  const yoga = createTwoStepYoga({ graphqlEndpoint: "/api/graphql", exposeSchema: false, logger: logs.logger, context: async () => context });
  const post = (query: string) =>
    yoga.fetch("http://localhost/api/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", [CSRF_HEADER]: "1" },
      body: JSON.stringify({ query }),
    });
  return { post, logs };
}

describe("unexpected errors are masked", () => {
  it.each([
    ["a query", "{ me { email } }"],
    ["a mutation", 'mutation { setPhoneNumber(phoneNumber: "+14155550123") { success } }'],
    ["requestOtp", "mutation { requestOtp { success } }"],
  ])("answers %s with UNAVAILABLE and logs the original", async (_name, query) => {
    const { post, logs } = serverWhoseCoreThrows();
    const res = await post(query);
    const text = await res.text();
    expect(text).not.toContain("ECONNREFUSED");
    expect(text).not.toContain("hunter2");
    expect(text).not.toMatch(/stack|originalError/);
    const body = JSON.parse(text) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors).toEqual([
      expect.objectContaining({
        message: "The service is temporarily unavailable. Please try again shortly.",
        extensions: { code: "UNAVAILABLE" },
      }),
    ]);
    expect(logs.text()).toContain("ECONNREFUSED");
  });
});
