// Threat: the proxy lets a pending, forged or expired session onto a protected path, or writes
// the session cookie and so puts back a session that sign-out had just cleared.
import { randomBytes, randomUUID } from "node:crypto";
import { encode } from "next-auth/jwt";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { createTwoStepSession } from "@twostep/next-auth";

const secret = randomBytes(32).toString("base64url");
const COOKIE = "authjs.session-token";
const session = createTwoStepSession({
  secret,
  secureCookies: false,
  paths: { signIn: "/sign-in", verify: "/verify", afterSignIn: "/dashboard" },
  userExists: async () => true,
});

const token = (stage: "pending" | "full", ageMs = 0) =>
  encode({ token: { sub: "u1", email: "a@example.com", stage, stageSince: Date.now() - ageMs, sid: randomUUID() }, secret, salt: COOKIE });

/** A signed-out visit to /dashboard goes to sign-in, which brings the visitor back after. */
const SIGN_IN_FROM_DASHBOARD = "http://app.test/sign-in?callbackUrl=%2Fdashboard";

async function visit(path: string, cookie?: string) {
  const request = new NextRequest(new URL(path, "http://app.test"), { headers: cookie ? { cookie: `${COOKIE}=${cookie}` } : {} });
  const response = await session.proxy(request);
  expect(response.headers.get("set-cookie")).toBeNull();
  return response.headers.get("location");
}

describe("the proxy redirects by stage and never writes the cookie", () => {
  it("sends anything not full away from protected paths", async () => {
    expect(await visit("/dashboard")).toBe(SIGN_IN_FROM_DASHBOARD);
    expect(await visit("/dashboard", await token("pending"))).toBe("http://app.test/verify");
    expect(await visit("/dashboard", await token("pending", 11 * 60_000))).toBe(SIGN_IN_FROM_DASHBOARD);
    expect(await visit("/dashboard", "eyJhbGciOiJub25lIn0.eyJzdGFnZSI6ImZ1bGwifQ.")).toBe(SIGN_IN_FROM_DASHBOARD);
    expect(await visit("/dashboard", await token("full"))).toBeNull();
  });

  it("keeps the code form for pending sessions only", async () => {
    expect(await visit("/verify")).toBe("http://app.test/sign-in");
    expect(await visit("/verify/backup", await token("full"))).toBe("http://app.test/dashboard");
    expect(await visit("/verify/backup", await token("pending"))).toBeNull();
  });
});
