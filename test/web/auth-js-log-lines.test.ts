// Threat: Auth.js prints every refused sign-in, missing CSRF token or unknown address at error
// level with a stack, so a credential-stuffing wave or a scanner buries real errors (and an
// alert on error lines fires on demand). The request's own mistakes are written at info with
// their type, refused passwords not at all (the core records those), and a real error still at
// error, through our logger and its scrubbing.
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "@twostep/core";
import { authJsLogger } from "@/server/auth/auth-js-logger";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split("\n").filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>));
      done();
    },
  });
  const logger = createLogger({ destination });
  return { lines, bridge: authJsLogger(async () => logger) };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

/**
 * An Auth.js error of the given type, shaped as AuthError makes them (`type` from its class, what
 * our code threw as `cause.err`). next-auth itself can't load outside Next; the HTTP test
 * (test/http/auth-js-log-lines.test.ts) sees the real ones.
 */
function authError(type: string, thrown?: Error) {
  return Object.assign(new Error(`${type}. Read more at https://errors.authjs.dev`, thrown ? { cause: { err: thrown } } : undefined), { type });
}

describe("Auth.js's log lines", () => {
  it("a refused password writes nothing", async () => {
    const { lines, bridge } = capture();
    bridge.error(authError("CredentialsSignin"));
    await settle();
    expect(lines).toEqual([]);
  });

  it("a missing CSRF token or an unknown address is an info line naming it", async () => {
    const { lines, bridge } = capture();
    bridge.error(authError("MissingCSRF"));
    bridge.error(authError("UnknownAction"));
    await settle();
    expect(lines.map((l) => [l.level, l.authError])).toEqual([
      [30, "MissingCSRF"],
      [30, "UnknownAction"],
    ]);
  });

  it("anything else is an error line, with what our code threw and its digits scrubbed", async () => {
    const { lines, bridge } = capture();
    bridge.error(authError("CallbackRouteError", new Error("insert failed for +14155550123")));
    await settle();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 50, authError: "CallbackRouteError", msg: "auth.js error" });
    expect(JSON.stringify(lines[0])).toContain("insert failed");
    expect(JSON.stringify(lines[0])).not.toContain("4155550123");
  });
});
