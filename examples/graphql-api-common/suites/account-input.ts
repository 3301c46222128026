// An email PostgreSQL refuses (a NUL byte) must not reach the database: the insert failed, the
// client got an unexpected error, and the driver's error, logged at error level, carried the
// statement's parameters, the new account's password hash among them. No failed insert may log them.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { createLogger } from "@twostep/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUsers, openAppDatabase, type ExampleServer } from "../src/index.js";
import { browser, PASSWORD, startExample, unexpectedErrorLines, type FrameworkUnderTest } from "./support.js";

const SIGN_UP = "mutation ($email: String!, $password: String!) { signUp(email: $email, password: $password) { success code secondFactorRequired } }";
const SIGN_IN = "mutation ($email: String!, $password: String!) { signIn(email: $email, password: $password) { success code secondFactorRequired } }";
const ARGON2 = "$argon2";

/** Run by each example's test/account-input.test.ts against its own server. */
export function accountInputSuite(framework: FrameworkUnderTest) {
  let example: ExampleServer;
  const logs: string[] = [];
  beforeAll(async () => {
    example = await startExample(framework, { logs });
  });
  afterAll(() => example?.close());

  describe(`${framework.name} example: emails with control characters`, () => {
    for (const email of ["a\u0000b@example.com", "a\nb@example.com", "a\u007fb@example.com"]) {
      it(`answers sign-up and sign-in with ${JSON.stringify(email)} as a malformed email, logging nothing`, async () => {
        const malformedSignUp = await browser(example.url).gql(SIGN_UP, { email: "no-at-sign", password: PASSWORD });
        const malformedSignIn = await browser(example.url).gql(SIGN_IN, { email: "no-at-sign", password: PASSWORD });
        expect(malformedSignUp.body.data).toEqual({ signUp: { success: false, code: "INVALID_INPUT", secondFactorRequired: false } });

        expect((await browser(example.url).gql(SIGN_UP, { email, password: PASSWORD })).body.data).toEqual(malformedSignUp.body.data);
        expect((await browser(example.url).gql(SIGN_IN, { email, password: PASSWORD })).body.data).toEqual(malformedSignIn.body.data);
        expect(logs.join("\n")).not.toContain(ARGON2);
        expect(unexpectedErrorLines(logs)).toEqual([]);
      });
    }
  });

  describe(`${framework.name} example: a failed insert into app.users`, () => {
    it("throws and logs a closed message, without the statement's parameters", async () => {
      const database = await openAppDatabase({ pgliteMemory: true });
      try {
        const lines: string[] = [];
        const users = createUsers(database.db, createLogger({ level: "info", destination: { write: (line: string) => void lines.push(line) } }));
        await database.db.execute(sql`ALTER TABLE app.users ADD CONSTRAINT no_refused CHECK (email NOT LIKE 'refused-%')`);
        const email = `refused-${randomUUID()}@example.com`;
        const failure: unknown = await users.create(email, PASSWORD).then(
          () => null,
          (error: unknown) => error,
        );
        expect(failure).toBeInstanceOf(Error);
        // What the framework would log: the error, its message and anything it hangs on to.
        const seen = JSON.stringify({ message: (failure as Error).message, cause: String((failure as Error).cause), own: failure });
        expect(seen).not.toContain(ARGON2);
        expect(seen).not.toContain(email);
        expect(lines.join("\n")).not.toContain(ARGON2);
        expect(lines.join("\n")).not.toContain(email);
        expect(lines.length).toBe(1);
      } finally {
        await database.close();
      }
    });
  });
}
