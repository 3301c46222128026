// Threat: a stranger's hand-made request (a scanner, a script, a cross-site form) reaches a path
// where Next.js itself answers 500: a server action with a broken body, a foreign Origin or a body
// type React never sends, a page form post that names no action, an Auth.js address whose
// %-escapes don't decode or whose callbackUrl Auth.js can't parse. Each 500 is noise that hides real failures in monitoring and an error
// logged per request on demand. Each gets a 4xx saying what is wrong, nothing is logged as an
// error, and the well-formed request beside it still works.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../support/app-server";
import { HttpSession } from "../support/http-session";
import { actionId, callAction } from "./support/server-actions";
import { pendingSession, twoFactorUserOverHttp } from "./support/two-factor-user";

type Case = { name: string; path: string; init: (app: AppServer) => RequestInit; status: number; code?: string };

const multipart = (boundary: string, parts: [string, string][]) =>
  parts.map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`).join("") + `--${boundary}--\r\n`;
const verifyAction = () => actionId("verifySignInCodeAction");
/** A server action as a script posts it: no browser's Sec-Fetch-Site. */
const action = (app: AppServer, headers: Record<string, string>, body: string): RequestInit => ({
  method: "POST",
  headers: { "Next-Action": verifyAction(), Accept: "text/x-component", Origin: app.url, ...headers },
  body,
});

const cases: Case[] = [
  {
    name: "an action whose multipart body has no boundary",
    path: "/verify",
    init: (app) => action(app, { "Content-Type": "multipart/form-data" }, "x"),
    status: 415,
    code: "INVALID_INPUT",
  },
  {
    name: "an action whose multipart body breaks off",
    path: "/verify",
    init: (app) => action(app, { "Content-Type": "multipart/form-data; boundary=zz" }, '--zz\r\nContent-Disposition: form-data; name="0"\r\n\r\n[{'),
    status: 400,
    code: "INVALID_INPUT",
  },
  {
    name: "an action whose root value is not JSON",
    path: "/verify",
    init: (app) => action(app, { "Content-Type": "multipart/form-data; boundary=zz" }, multipart("zz", [["_1_code", "123456"], ["0", "[{"]])),
    status: 400,
    code: "INVALID_INPUT",
  },
  {
    name: "an action whose text body is not JSON",
    path: "/verify",
    init: (app) => action(app, { "Content-Type": "text/plain;charset=UTF-8" }, "[zxc]"),
    status: 400,
    code: "INVALID_INPUT",
  },
  {
    name: "an action sent as JSON, which React never sends",
    path: "/verify",
    init: (app) => action(app, { "Content-Type": "application/json" }, '{"code":"123456"}'),
    status: 415,
    code: "INVALID_INPUT",
  },
  {
    name: "an action posted cross-site by a browser",
    path: "/verify",
    init: (app) => action(app, { "Content-Type": "text/plain;charset=UTF-8", "Sec-Fetch-Site": "cross-site", Origin: "https://elsewhere.example" }, "[]"),
    status: 403,
    code: "CROSS_SITE_REQUEST",
  },
  {
    name: "an action with a foreign Origin",
    path: "/verify",
    init: (app) => action(app, { "Content-Type": "text/plain;charset=UTF-8", Origin: "https://elsewhere.example" }, "[]"),
    status: 403,
    code: "CROSS_SITE_REQUEST",
  },
  {
    name: "an action with an Origin that is not one",
    path: "/verify",
    init: (app) => action(app, { "Content-Type": "text/plain;charset=UTF-8", Origin: `${"https://a.example"}, evil.example` }, "[]"),
    status: 403,
    code: "CROSS_SITE_REQUEST",
  },
  {
    name: "a page form post that names no action",
    path: "/verify",
    init: (app) => ({ method: "POST", headers: { "Content-Type": "multipart/form-data; boundary=qq", Origin: app.url }, body: multipart("qq", [["code", "123456"]]) }),
    status: 400,
    code: "INVALID_INPUT",
  },
  {
    name: "a page form post that names no action, to a page outside the session's",
    path: "/sign-in",
    init: (app) => ({ method: "POST", headers: { "Content-Type": "multipart/form-data; boundary=qq", Origin: app.url }, body: multipart("qq", [["email", "a@example.com"]]) }),
    status: 400,
    code: "INVALID_INPUT",
  },
  {
    name: "a page form post that breaks off",
    path: "/sign-in",
    init: (app) => ({ method: "POST", headers: { "Content-Type": "multipart/form-data; boundary=qq", Origin: app.url }, body: '--qq\r\nContent-Disposition: form-data; name="$ACTION_ID_1"\r\n\r\n' }),
    status: 400,
    code: "INVALID_INPUT",
  },
  { name: "an Auth.js address with a broken %-escape", path: "/api/auth/%ZZ", init: () => ({ method: "GET" }), status: 400, code: "INVALID_INPUT" },
  { name: "an Auth.js provider with broken UTF-8", path: "/api/auth/signin/%E0%A4%A", init: () => ({ method: "GET" }), status: 400, code: "INVALID_INPUT" },
  {
    name: "an Auth.js callback post with a broken %-escape",
    path: "/api/auth/callback/%ZZ",
    init: () => ({ method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "a=1" }),
    status: 400,
    code: "INVALID_INPUT",
  },
  { name: "an Auth.js session read with a callbackUrl that is no address", path: "/api/auth/session?callbackUrl=%ZZ", init: () => ({ method: "GET" }), status: 400, code: "INVALID_INPUT" },
  { name: "an Auth.js token read with a relative callbackUrl", path: "/api/auth/csrf?callbackUrl=2", init: () => ({ method: "GET" }), status: 400, code: "INVALID_INPUT" },
  {
    name: "an Auth.js sign-in post whose last callbackUrl is no address",
    path: "/api/auth/callback/credentials?callbackUrl=%2Fdashboard&callbackUrl=2",
    init: () => ({ method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "email=a%40example.com&password=x" }),
    status: 400,
    code: "INVALID_INPUT",
  },
  {
    name: "an Auth.js sign-out post whose callbackUrl is no address",
    path: "/api/auth/signout",
    init: () => ({ method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "callbackUrl=%25ZZ" }),
    status: 400,
    code: "INVALID_INPUT",
  },
];

describe("malformed requests get a 4xx, never a 500", () => {
  let app: AppServer;
  let pending: HttpSession;

  beforeAll(async () => {
    app = await startAppServer();
    const user = await twoFactorUserOverHttp(app.url);
    pending = await pendingSession(app.url, user.email);
  });
  afterAll(async () => {
    await app?.stop();
  });

  it.each(cases)("$name: $status", async ({ path, init, status, code }) => {
    for (const who of ["a stranger", "a pending session"] as const) {
      const logged = app.logs().length;
      const request = init(app);
      const res = who === "a stranger" ? await fetch(new URL(path, app.url), { ...request, redirect: "manual" }) : await pending.fetch(path, request);
      const text = await res.text();
      expect(res.status, `${who}: ${text.slice(0, 200)}`).toBe(status);
      if (code) expect(JSON.parse(text), who).toMatchObject({ error: { code, message: expect.any(String) } });
      // Next logs each of its 500s with a "⨯" line; none of these reached that far.
      expect(app.logs().slice(logged), who).not.toMatch(/⨯|Internal Server Error|Invalid Server Actions request/);
    }
  });

  it("a callback-url cookie Auth.js can't parse is set aside, and the request answers as without it", async () => {
    for (const path of ["/api/auth/session", "/api/auth/csrf"]) {
      const logged = app.logs().length;
      const res = await fetch(new URL(path, app.url), { headers: { cookie: "authjs.callback-url=%ZZ; other=1" } });
      expect(res.status, path).toBe(200);
      expect(app.logs().slice(logged), path).not.toMatch(/InvalidCallbackUrl|\[auth\]\[error\]/);
    }
  });

  it("a well-formed action posted by a script still runs, through the same screen", async () => {
    const reply = await callAction(pending, "/verify", "verifySignInCodeAction", { code: "000000" });
    expect(reply.status).toBe(200);
    expect(reply.result).toMatchObject({ status: "error", code: "INVALID_CODE" });
  });

  it("a browser's own action post (same-origin) is not screened, and runs", async () => {
    const res = await pending.fetch("/verify", {
      ...action(app, { "Content-Type": "text/plain;charset=UTF-8", "Sec-Fetch-Site": "same-origin" }, "[]"),
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/"status":"error"/);
  });

  it("a form posted without JavaScript still reaches its action", async () => {
    const id = verifyAction();
    const res = await pending.fetch("/verify", {
      method: "POST",
      headers: { "Content-Type": "multipart/form-data; boundary=qq", Origin: app.url },
      body: multipart("qq", [[`$ACTION_ID_${id}`, ""], ["code", "000000"]]),
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/<html/);
  });
});
