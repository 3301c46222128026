// Threat: some shape of input nobody thought of (a method, a body type, a query, a NUL byte, a lone
// surrogate, an oversized field) reaches a path that fails with a 5xx and an error logged, which
// a stranger can then repeat at will. Every page, route, server action and GraphQL mutation is swept,
// found from the app's own files so a new one is covered the day it lands, as a stranger, a
// pending and a full session, on PGlite and on PostgreSQL + Redis: no answer is 5xx and no error
// is logged.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { buildSchema, getNamedType, isNonNullType, type GraphQLArgument } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { typeDefs } from "@twostep/graphql";
import type { AppServer } from "../support/app-server";
import { HttpSession } from "../support/http-session";
import { webAppPath } from "../support/web-app";
import { APP_BACKENDS } from "./support/app-backends";
import { callAction } from "./support/server-actions";
import { pendingSession, twoFactorUserOverHttp } from "./support/two-factor-user";

/** Auth.js's catch-all, by the addresses it answers. */
const AUTH_JS = ["/api/auth/session", "/api/auth/csrf", "/api/auth/providers", "/api/auth/signin", "/api/auth/signout", "/api/auth/callback/credentials", "/api/auth/error"];

/** Every page and route handler under apps/web/src/app, as the paths they answer. */
function appPaths(): string[] {
  const root = webAppPath("src", "app");
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name === "page.tsx" || name === "route.ts") {
        const segments = path.relative(root, dir).split(path.sep).filter((s) => s !== "" && !/^\(.*\)$/.test(s));
        if (segments.some((s) => s.startsWith("["))) continue;
        found.push(`/${segments.join("/")}`);
      }
    }
  };
  walk(root);
  return [...found, ...AUTH_JS];
}

/** The form fields the server actions read (readText(form, "…"), form.get("…")). */
function actionFields(): string[] {
  const fields = new Set<string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith(".ts")) {
        for (const match of readFileSync(full, "utf8").matchAll(/(?:readText\(form|form\.get(?:All)?\()\s*,?\s*"([A-Za-z]+)"/g)) fields.add(match[1]!);
      }
    }
  };
  walk(webAppPath("src", "server"));
  return [...fields];
}

/** Every server action in the build, with the page it is posted to. */
function serverActions(): { name: string; page: string }[] {
  const manifest = JSON.parse(readFileSync(webAppPath(".next", "server", "server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { exportedName: string; workers: Record<string, unknown> }>;
  };
  const actions = Object.values(manifest.node).map((entry) => ({
    name: entry.exportedName,
    page: Object.keys(entry.workers)[0]!.replace(/^app/, "").replace(/\/page$/, "").replace(/\/\([^)]+\)/g, "") || "/",
  }));
  // Signing out last: it ends the session the other calls are made with.
  return actions.sort((a, b) => Number(a.name === "signOutAction") - Number(b.name === "signOutAction"));
}

/** Every mutation of the GraphQL API, with its arguments, from the package's own SDL. */
function mutations(): { name: string; args: readonly GraphQLArgument[] }[] {
  const mutation = buildSchema(typeDefs).getMutationType();
  return Object.values(mutation?.getFields() ?? {}).map((field) => ({ name: field.name, args: field.args }));
}

const QUERIES = ["", "?callbackUrl=%ZZ", "?callbackUrl=//evil.example", "?callbackUrl[]=1&callbackUrl=2", "?token=%00", `?token=${"a".repeat(5000)}`, "?purpose[]=x", "?error=%ZZ", "?a=%E0%A4%A"];
const BODIES: [string, string][] = [
  ["application/json", "{"],
  ["application/json", "[]"],
  ["application/json", "null"],
  ["application/json", '{"email":[],"password":{}}'],
  ["application/json", JSON.stringify({ email: "a\u0000b@example.com", password: "p\u0000assword-long-enough-1" })],
  ["application/json", JSON.stringify({ email: "\ud800@example.com", password: "\ud800".repeat(10) })],
  ["application/x-www-form-urlencoded", "%%%&=&email=%ZZ"],
  ["application/x-www-form-urlencoded", "email=a%00b%40example.com&password=x%00y&callbackUrl=%2F%00"],
  ["text/plain", "\u0000\uffff"],
  ["multipart/form-data; boundary=b", '--b\r\nContent-Disposition: form-data; name="x"\r\n\r\ny\r\n--b--\r\n'],
  ["application/octet-stream", "x".repeat(1000)],
];
const METHODS = ["POST", "PUT", "DELETE", "PATCH"];
const FIELD_VALUES = ["\u0000", "a\u0000b@example.com", "\ud800", "12345\u0000", "9".repeat(5000)];

for (const backend of APP_BACKENDS) describe(`no input shape gets a 5xx: ${backend.name}`, async () => {
  const run = await backend.enabled();
  let app: AppServer;
  const as: Record<"a stranger" | "a pending session" | "a full session", () => Promise<HttpSession>> = {
    "a stranger": async () => new HttpSession(app.url),
    "a pending session": async () => pendingSession(app.url, (await twoFactorUserOverHttp(app.url)).email),
    "a full session": async () => (await twoFactorUserOverHttp(app.url)).full,
  };

  beforeAll(async () => {
    if (run) app = await backend.start();
  });
  afterAll(async () => {
    await app?.stop();
  });

  /** The log since `mark` holds no error line (pino level 50, Next's "⨯", Auth.js's own). */
  const errorsSince = (mark: number) => app.logs().slice(mark).split("\n").filter((line) => /"level":50|⨯|\[auth\]\[error\]/.test(line));

  it.runIf(run).each(Object.keys(as) as (keyof typeof as)[])("every GraphQL mutation, every argument out of shape, as %s", async (who) => {
    const session = await as[who]();
    const list = mutations();
    expect(list.map((m) => m.name)).toContain("verifyOtp");
    const mark = app.logs().length;
    const failed: string[] = [];
    for (const { name, args } of list) {
      const declared = args.map((arg) => `$${arg.name}: ${getNamedType(arg.type).name}${isNonNullType(arg.type) ? "!" : ""}`).join(", ");
      const passed = args.map((arg) => `${arg.name}: $${arg.name}`).join(", ");
      const query = `mutation${declared ? `(${declared})` : ""} { ${name}${passed ? `(${passed})` : ""} { success code } }`;
      for (const value of FIELD_VALUES) {
        const res = await session.fetch("/api/graphql", {
          method: "POST",
          headers: { "content-type": "application/json", "x-twostep-csrf": "1" },
          body: JSON.stringify({ query, variables: Object.fromEntries(args.map((arg) => [arg.name, value])) }),
        });
        const text = await res.text();
        if (res.status >= 500 || /"UNAVAILABLE"/.test(text)) failed.push(`${res.status} ${name} ${JSON.stringify(value).slice(0, 20)}: ${text.slice(0, 160)}`);
      }
    }
    expect(failed).toEqual([]);
    expect(errorsSince(mark)).toEqual([]);
  });

  // Every path with every query, body and method, one request after another: about 15 s on a quiet machine, several times that while
  // the other test files share its cores.
  it.runIf(run).each(Object.keys(as) as (keyof typeof as)[])("every page and route, as %s", { timeout: 150_000 }, async (who) => {
    const session = await as[who]();
    const mark = app.logs().length;
    const failed: string[] = [];
    const send = async (label: string, target: string, init: RequestInit) => {
      const res = await session.fetch(target, init);
      if (res.status >= 500) failed.push(`${res.status} ${label} ${target}: ${(await res.text()).slice(0, 120)}`);
      else await res.arrayBuffer();
    };
    for (const target of appPaths()) {
      for (const query of QUERIES) await send("GET", target + query, {});
      for (const [type, body] of BODIES) {
        for (const method of METHODS) await send(`${method} ${type}`, target, { method, headers: { "content-type": type, origin: app.url, "x-twostep-csrf": "1" }, body });
      }
      for (const method of ["OPTIONS", "HEAD"]) await send(method, target, { method });
    }
    expect(failed).toEqual([]);
    expect(errorsSince(mark)).toEqual([]);
  });

  it.runIf(run).each(Object.keys(as) as (keyof typeof as)[])("every server action, every field it reads out of shape, as %s", async (who) => {
    const session = await as[who]();
    const fields = actionFields();
    expect(fields).toContain("code");
    const mark = app.logs().length;
    const failed: string[] = [];
    for (const { name, page } of serverActions()) {
      for (const value of FIELD_VALUES) {
        const reply = await callAction(session, page, name, Object.fromEntries(fields.map((field) => [field, value])));
        if (reply.status >= 500 || reply.result?.code === "UNAVAILABLE") failed.push(`${reply.status} ${name} ${JSON.stringify(value).slice(0, 20)}: ${JSON.stringify(reply.result)}`);
      }
    }
    expect(failed).toEqual([]);
    expect(errorsSince(mark)).toEqual([]);
  });
});
