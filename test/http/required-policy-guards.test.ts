// Threat: with TWO_FACTOR_POLICY=required, a user who has no second factor yet signs in with the
// password alone and reaches a protected page, action, route handler or GraphQL field before
// enrolling one. Every entry point is found from the source and the schema (as guard-coverage
// finds them), so a new one is tested without being listed here; only enrollment may succeed.
import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { totpCodeAt } from "@twostep/core";
import { typeDefs } from "@twostep/graphql";
import { buildSchema, getNamedType, isObjectType, isScalarType, type GraphQLField } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../support/app-server";
import { HttpSession } from "../support/http-session";
import { WEB_APP_DIR } from "../support/web-app";
import { callAction } from "./support/server-actions";
import { PASSWORD } from "./support/two-factor-user";

const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : [full];
  });

/** "src/app/(auth)/verify/app/page.tsx" → "/verify/app". */
const routeOf = (file: string) =>
  "/" + path.relative(path.join(WEB_APP_DIR, "src/app"), path.dirname(file)).split(path.sep).filter((s) => s && !s.startsWith("(")).join("/");

const appFiles = files(path.join(WEB_APP_DIR, "src/app"));
/** Open to anyone, or to a pending session by design (the code and enrollment pages). */
const OPEN_PAGES = new Set(["/", "/sign-in", "/sign-up", "/sign-up/confirm", "/sign-out", "/forgot-password", "/reset-password", "/dev/outbox", "/dev/mail"]);
const pages = appFiles.filter((f) => f.endsWith("page.tsx")).map(routeOf).filter((r) => !OPEN_PAGES.has(r) && !r.startsWith("/verify"));
/** Route handlers that are not the user's: the password step itself, health, the SMS webhook, the dev outboxes of SMS and mail (their own token), bench probes. */
const OPEN_ROUTES = ["/api/auth", "/api/account/sign-up", "/api/health", "/api/sms/status", "/api/dev/outbox", "/api/dev/mail", "/api/bench", "/api/graphql"];
const routes = appFiles.filter((f) => f.endsWith("route.ts")).map((f) => ({ route: routeOf(f), methods: [...readFileSync(f, "utf8").matchAll(/export async function (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1]!) }));

const actionsDir = path.join(WEB_APP_DIR, "src/server/actions");
const actionNames = readdirSync(actionsDir)
  .map((f) => readFileSync(path.join(actionsDir, f), "utf8"))
  .filter((source) => source.startsWith('"use server"'))
  .flatMap((source) => [...source.matchAll(/export async function (\w+)/g)].map((m) => m[1]!));
/** The password step, sign-out, and the only thing this session is for: enrolling. */
const OPEN_ACTIONS = new Set(["signInAction", "signUpAction", "confirmSignUpAction", "signOutAction", "requestPasswordResetAction", "resetPasswordAction", "beginRequiredEnrollmentAction", "confirmRequiredEnrollmentAction"]);

/** Every Query and Mutation field of the public schema, with placeholder arguments. */
function everyGraphQLOperation(): { name: string; document: string }[] {
  const schema = buildSchema(typeDefs);
  const selection = (field: GraphQLField<unknown, unknown>) => {
    const type = getNamedType(field.type);
    if (!isObjectType(type)) return "";
    return `{ ${Object.values(type.getFields()).filter((f) => isScalarType(getNamedType(f.type))).map((f) => f.name).join(" ")} }`;
  };
  const args = (field: GraphQLField<unknown, unknown>) => (field.args.length ? `(${field.args.map((a) => `${a.name}: "000000"`).join(", ")})` : "");
  return (["Query", "Mutation"] as const).flatMap((kind) => {
    const root = kind === "Query" ? schema.getQueryType() : schema.getMutationType();
    return Object.values(root?.getFields() ?? {}).map((field) => ({
      name: `${kind}.${field.name}`,
      document: `${kind === "Query" ? "query" : "mutation"} { ${field.name}${args(field)} ${selection(field)} }`,
    }));
  });
}

describe("TWO_FACTOR_POLICY=required: a user without a factor can only enroll one", () => {
  let app: AppServer;
  let session: HttpSession;
  const email = `required-${randomUUID().slice(0, 8)}@example.com`;

  beforeAll(async () => {
    app = await startAppServer({ TWO_FACTOR_POLICY: "required" });
    await new HttpSession(app.url).signUp(email, PASSWORD);
    session = new HttpSession(app.url);
    expect(await session.signIn(email, PASSWORD)).toBe(true);
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("the password gives a pending session that the code page sends to enrollment", async () => {
    expect(await session.session()).toMatchObject({ stage: "pending" });
    const verify = await session.fetch("/verify");
    expect(verify.status).toBe(307);
    expect(verify.headers.get("location")).toMatch(/\/verify\/enroll$/);
    expect((await session.fetch("/verify/enroll")).status).toBe(200);
  });

  it("opens no protected page", async () => {
    expect(pages.length).toBeGreaterThan(2);
    for (const page of pages) {
      for (const headers of [{}, { RSC: "1" }] as Record<string, string>[]) {
        const res = await session.fetch(page, { headers });
        expect(res.status, page).toBe(307);
        expect(res.headers.get("location"), page).toMatch(/\/verify$/);
        expect(await res.text(), page).not.toContain(email);
      }
    }
  });

  it("opens no route handler of the user's", async () => {
    const guarded = routes.filter((r) => !OPEN_ROUTES.some((open) => r.route.startsWith(open)));
    expect(guarded.map((r) => r.route)).toContain("/api/me");
    for (const { route, methods } of guarded) {
      for (const method of methods) {
        // code-state answers the pending sign-in code only, and this user has none.
        const res = await session.fetch(route === "/api/code-state" ? `${route}?purpose=enroll_phone` : route, { method });
        expect([401, 403, 404, 405, 307], `${method} ${route}`).toContain(res.status);
        expect(await res.text(), route).not.toContain(email);
      }
    }
  });

  it("refuses every server action but enrollment, wherever it is posted", async () => {
    expect(actionNames).toContain("enableTwoFactorAction");
    for (const name of actionNames.filter((n) => !OPEN_ACTIONS.has(n))) {
      for (const at of ["/settings/security", "/verify/enroll"]) {
        const reply = await callAction(session, at, name, { code: "123456", backupCode: "AAAAA-BBBBB", phone: "+14155550123", password: PASSWORD, factorId: randomUUID(), name: "x", sessionId: randomUUID() });
        const where = `${name} at ${at}`;
        expect(reply.status, where).toBeLessThan(500);
        expect(reply.result?.status, where).not.toBe("success");
        if (reply.redirect) expect(reply.redirect, where).toMatch(/\/verify/);
      }
    }
    expect(await session.session()).toMatchObject({ stage: "pending" });
  });

  it("refuses every GraphQL field that needs a full session, and me says the second step is owed", async () => {
    const operations = everyGraphQLOperation();
    expect(operations.map((o) => o.name)).toContain("Mutation.enableTwoFactorAuth");
    for (const { name, document } of operations) {
      const res = await session.fetch("/api/graphql", {
        method: "POST",
        headers: { "content-type": "application/json", "x-twostep-csrf": "1", origin: app.url },
        body: JSON.stringify({ query: document }),
      });
      const body = (await res.json()) as { data?: Record<string, Record<string, unknown> | null> | null; errors?: unknown[] };
      const value = body.data ? Object.values(body.data)[0] : null;
      if (name === "Query.me") {
        expect(value, name).toMatchObject({ twoFactorVerified: false });
        continue;
      }
      const refused = (body.errors?.length ?? 0) > 0 || value?.success === false;
      expect(refused, `${name}: ${JSON.stringify(body)}`).toBe(true);
    }
  });

  it("enrolling an authenticator app with its first code makes the session full", async () => {
    const begun = await callAction(session, "/verify/enroll", "beginRequiredEnrollmentAction");
    expect(begun.result).toMatchObject({ status: "success" });
    const { factorId, secret } = (begun.result?.data ?? {}) as { factorId: string; secret: string };
    const confirmed = await callAction(session, "/verify/enroll", "confirmRequiredEnrollmentAction", { factorId, code: totpCodeAt(secret, Date.now()) });
    expect(confirmed.result).toMatchObject({ status: "success" });
    expect(confirmed.result?.data).toHaveLength(10);
    expect(await session.session()).toMatchObject({ stage: "full" });
    expect((await session.fetch("/api/me")).status).toBe(200);
    const dashboard = await session.fetch("/dashboard");
    expect(dashboard.status).toBe(200);
    expect(await dashboard.text()).toContain(email);
  });
});
