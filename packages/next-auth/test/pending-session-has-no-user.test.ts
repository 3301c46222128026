// Threat: a half-signed-in session (password passed, second factor still owed) passes a host's
// existing Auth.js guards: `const s = await auth(); if (!s?.user) redirect(...)`, an
// `authorized: ({ auth }) => !!auth` middleware, a client reading `session.user`. Those guards
// were written before 2FA and know nothing of a stage; the session Auth.js hands them for a
// pending token must carry no user, while a full token's still does.
import { randomBytes, randomUUID } from "node:crypto";
import { register } from "node:module";
import { Auth } from "@auth/core";
import Credentials from "@auth/core/providers/credentials";
import type { Session } from "next-auth";
import { encode } from "next-auth/jwt";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { createTwoStepSession } from "@twostep/next-auth";

// next-auth imports next/server, next/headers and next/navigation bare, as Next's bundler maps
// them; plain Node (this test loads next-auth unbundled) needs the files' own names.
register(
  "data:text/javascript," +
    encodeURIComponent(
      `export async function resolve(s, c, next) { return next(/^next\\/(server|headers|navigation)$/.test(s) ? s + ".js" : s, c); }`,
    ),
);
const { default: NextAuth } = await import("next-auth");

const secret = randomBytes(32).toString("base64url");
const COOKIE = "authjs.session-token";
const session = createTwoStepSession({
  secret,
  secureCookies: false,
  paths: { signIn: "/sign-in", verify: "/verify", afterSignIn: "/dashboard" },
  userExists: async () => true,
});

/** Whatever `authorized` saw last: the `auth` a host's middleware decides on. */
let seenByAuthorized: Session | null | undefined;
const config = session.authConfig({
  trustHost: true,
  basePath: "/api/auth",
  providers: [Credentials({ authorize: async () => null })],
  callbacks: {
    // A host's middleware guard written before 2FA, as Auth.js's docs write it: any session passes.
    authorized: ({ auth }) => {
      seenByAuthorized = auth;
      return !!auth;
    },
  },
});

/** A token exactly as the jwt callback writes it: pending after authorize(), full after the code. */
const token = (stage: "pending" | "full") =>
  encode({
    token: { sub: "u1", email: "a@example.com", stage, stageSince: Date.now(), sid: randomUUID(), ...(stage === "full" ? { factor: "sms" } : {}) },
    secret,
    salt: COOKIE,
  });

/** GET /api/auth/session: what `useSession()` and `getSession()` read in the browser. */
async function sessionEndpoint(cookie: string) {
  const res = await Auth(new Request("http://app.test/api/auth/session", { headers: { cookie: `${COOKIE}=${cookie}` } }), config);
  expect(res.status).toBe(200);
  return { body: (await res.json()) as Record<string, unknown> | null, setCookie: res.headers.getSetCookie().join("\n") };
}

/**
 * next-auth's server `auth()`: the same session action, through next-auth's own session wrapper
 * (it puts the raw token in `user` unless the callback's answer names `user` itself). The API-route
 * form runs that path without a Next request context.
 */
async function serverAuth(cookie: string): Promise<Session | null> {
  const { auth } = NextAuth(config);
  const call = auth as unknown as (req: { headers: Record<string, string> }, res: { headers: Headers }) => Promise<Session | null>;
  return call({ headers: { host: "app.test", cookie: `${COOKIE}=${cookie}` } }, { headers: new Headers() });
}

/** next-auth's middleware (`export { auth as middleware }`): `authorized` decides. */
async function middleware(cookie: string) {
  const { auth } = NextAuth(config);
  seenByAuthorized = undefined;
  const request = new NextRequest("http://app.test/dashboard", { headers: { cookie: `${COOKIE}=${cookie}` } });
  const res = await (auth as unknown as (req: NextRequest) => Promise<Response>)(request);
  // Assigned inside the callback: TypeScript still reads the `undefined` set above.
  return { location: res.headers.get("location"), auth: seenByAuthorized as Session | null | undefined };
}

describe("a pending session shows no user to the host's existing guards", () => {
  it("/api/auth/session: no user for a pending token, its stage still said; the cookie is kept", async () => {
    const { body, setCookie } = await sessionEndpoint(await token("pending"));
    expect(body).not.toBeNull();
    expect(body).not.toHaveProperty("user");
    expect(body).toMatchObject({ stage: "pending" });
    // Still a pending session, not a sign-out: the cookie is re-issued, not cleared.
    expect(setCookie).toMatch(new RegExp(`${COOKIE}=[^;]+\\.`));
  });

  it("/api/auth/session: the user for a full token", async () => {
    const { body } = await sessionEndpoint(await token("full"));
    expect(body).toMatchObject({ stage: "full", user: { id: "u1", email: "a@example.com" } });
  });

  it("server auth(): no user for a pending token (next-auth would otherwise put the raw token there)", async () => {
    const pending = await serverAuth(await token("pending"));
    expect(pending?.user).toBeUndefined();
    expect(pending).toMatchObject({ stage: "pending" });
    expect(JSON.stringify(pending)).not.toMatch(/u1|a@example\.com/);
    expect(await serverAuth(await token("full"))).toMatchObject({ stage: "full", user: { id: "u1", email: "a@example.com" } });
  });

  it("middleware: `authorized` sees no session for a pending token and sends it to sign-in; a full token passes", async () => {
    const pending = await middleware(await token("pending"));
    expect(pending.auth).toBeNull();
    expect(pending.location).toMatch(/^http:\/\/app\.test\/sign-in\?/);
    const full = await middleware(await token("full"));
    expect(full.auth?.user).toMatchObject({ id: "u1" });
    expect(full.location).toBeNull();
  });
});
