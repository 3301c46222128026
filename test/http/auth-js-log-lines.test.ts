// Threat: Auth.js prints every refused sign-in, missing CSRF token or unknown address at error
// level with a stack ("[auth][error]"), so a credential-stuffing wave or a scanner buries real
// errors and fires error alerts on demand. Through the running app: none of those writes an error
// line; the request's own mistakes leave an info line naming them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../support/app-server";
import { HttpSession } from "../support/http-session";

describe("Auth.js's refusals are not error lines", () => {
  let app: AppServer;
  beforeAll(async () => {
    // Test servers log from warn up; the info lines are what this test reads.
    app = await startAppServer({ LOG_LEVEL: "info" });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("wrong passwords, a sign-in post without its CSRF token and an unknown Auth.js address", async () => {
    const mark = app.logs().length;
    for (let i = 0; i < 3; i++) expect(await new HttpSession(app.url).signIn(`nobody-${i}@example.com`, "not the password")).toBe(false);
    const noCsrf = await fetch(new URL("/api/auth/callback/credentials", app.url), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "email=a%40example.com&password=x",
      redirect: "manual",
    });
    expect(noCsrf.status).toBe(302);
    expect((await fetch(new URL("/api/auth/no-such-action", app.url))).status).toBe(400);
    // The info lines are written once the core (and its logger) is up: give them a moment.
    await expect.poll(() => app.logs().slice(mark)).toMatch(/"authError":"UnknownAction"/);
    const logged = app.logs().slice(mark);
    expect(logged).toMatch(/"authError":"MissingCSRF"/);
    expect(logged).not.toMatch(/\[auth\]\[error\]|"level":50|CredentialsSignin/);
  });
});
