// A cross-site page or a scripted client must not get a request past the HTTP gate, nor turn a
// refusal into a 500, whichever graphql-yoga the framework pins (5.7 on Redwood 8.9, 5.21 on
// Cedar 5.0.3).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExampleServer } from "../src/index.js";
import { browser, newEmail, startExample, type FrameworkUnderTest } from "./support.js";

const JSON_WITH_CSRF = { "content-type": "application/json", "x-twostep-csrf": "1" };
const ME = JSON.stringify({ query: "{ me { email } }" });

/** The refusals, run by each example's test/request-refusals.test.ts against its own server. */
export function requestRefusalsSuite(framework: FrameworkUnderTest) {
  let example: ExampleServer;
  beforeAll(async () => {
    example = await startExample(framework);
  });
  afterAll(() => example?.close());

  describe(`${framework.name} example: refusals`, () => {
    it("answers 403 without the x-twostep-csrf header", async () => {
      const answer = await browser(example.url).post(ME, { "content-type": "application/json" });
      expect(answer.status).toBe(403);
      expect(answer.body.errors?.[0]?.extensions?.code).toBe("CSRF_REJECTED");
    });

    it("answers 415 to a body that isn't JSON (what a cross-site form can send)", async () => {
      const answer = await browser(example.url).post("query=%7B%20me%20%7B%20email%20%7D%20%7D", { "content-type": "application/x-www-form-urlencoded", "x-twostep-csrf": "1" });
      expect(answer.status).toBe(415);
    });

    it("answers 405 to GET", async () => {
      const answer = await browser(example.url).post("", { "x-twostep-csrf": "1" }, "GET");
      expect(answer.status).toBe(405);
    });

    it("answers 400 to a batch", async () => {
      const answer = await browser(example.url).post(JSON.stringify([{ query: "{ me { email } }" }, { query: "{ me { email } }" }]), JSON_WITH_CSRF);
      expect(answer.status).toBe(400);
      expect(answer.body.errors?.[0]?.extensions?.code).toBe("BAD_REQUEST");
    });

    it("answers 400 to two code operations in one document", async () => {
      const alice = browser(example.url);
      await alice.gql("mutation ($email: String!) { signUp(email: $email, password: \"correct horse battery\") { success } }", { email: newEmail() });
      const answer = await alice.gql('mutation { a: verifyOtp(otp: "111111") { success } b: verifyOtp(otp: "222222") { success } }');
      expect(answer.status).toBe(400);
      // Once, though this example counts its signIn and signUp as code checks too (a second rule).
      expect(answer.body.errors?.map((error) => error.extensions?.code)).toEqual(["TOO_MANY_CODE_OPERATIONS"]);
      expect(answer.body.data).toBeUndefined();
    });

    it("answers 400 to two aliased signIn fields in one document: each would check a password", async () => {
      const email = newEmail();
      await browser(example.url).gql('mutation ($email: String!) { signUp(email: $email, password: "correct horse battery") { success } }', { email });
      const answer = await browser(example.url).gql(
        'mutation ($email: String!) { a: signIn(email: $email, password: "guess one guess") { success } b: signIn(email: $email, password: "guess two guess") { success } }',
        { email },
      );
      expect(answer.status).toBe(400);
      expect(answer.body.errors?.map((error) => error.extensions?.code)).toEqual(["TOO_MANY_CODE_OPERATIONS"]);
      expect(answer.body.data).toBeUndefined();
    });

    it("answers 400 to a signIn beside a code check in one document", async () => {
      const answer = await browser(example.url).gql(
        'mutation ($email: String!) { signIn(email: $email, password: "guess one guess") { success } verifyOtp(otp: "111111") { success } }',
        { email: newEmail() },
      );
      expect(answer.status).toBe(400);
      expect(answer.body.errors?.map((error) => error.extensions?.code)).toEqual(["TOO_MANY_CODE_OPERATIONS"]);
    });

    it("refuses an anonymous call to a @requireAuth field with UNAUTHENTICATED, not a 500", async () => {
      const answer = await browser(example.url).gql("{ secretMessage }");
      expect(answer.status).toBeLessThan(500);
      expect(answer.body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
      expect(answer.body.data ?? null).toBeNull();
    });

    it(`treats an auth-provider header without Authorization as anonymous (${framework.name} alone fails the request)`, async () => {
      const answer = await browser(example.url).post(ME, { ...JSON_WITH_CSRF, "auth-provider": "app-session" });
      expect(answer.status).toBeLessThan(500);
      expect(answer.body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    });
  });
}
