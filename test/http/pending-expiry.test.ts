// Threat: a password-only ("pending") session lingers and is used later to finish sign-in or to
// wait out limits; it must die 10 minutes after the password step.
import { randomBytes, randomUUID } from "node:crypto";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../support/app-server";
import { HttpSession } from "../support/http-session";

const COOKIE = "authjs.session-token";

describe("a pending session's lifetime", () => {
  const secret = randomBytes(32).toString("base64url");
  let app: AppServer;
  let browser: HttpSession;
  let claims: { sub: string; email: string };

  beforeAll(async () => {
    app = await startAppServer({ AUTH_SECRET: secret });
    browser = new HttpSession(app.url);
    await browser.signUp("lifetime@example.com", "a long enough password");
    expect(await browser.signIn("lifetime@example.com", "a long enough password")).toBe(true);
    const session = (await browser.session()) as { user: { id: string; email: string } };
    claims = { sub: session.user.id, email: session.user.email };
  });
  afterAll(async () => {
    await app?.stop();
  });

  // Tokens minted with the server's own secret, as the server itself would have written them.
  const pendingToken = (ageMs: number) =>
    encode({ token: { ...claims, stage: "pending", stageSince: Date.now() - ageMs, sid: randomUUID() }, secret, salt: COOKIE });

  it("lets a 9-minute-old pending session reach the code page", async () => {
    const session = new HttpSession(app.url);
    session.cookies.set(COOKIE, await pendingToken(9 * 60_000));
    expect((await session.fetch("/verify")).status).toBe(200);
    expect(await session.session()).toMatchObject({ stage: "pending" });
  });

  it("treats an 11-minute-old pending session as signed out everywhere", async () => {
    const session = new HttpSession(app.url);
    session.cookies.set(COOKIE, await pendingToken(11 * 60_000));
    const verify = await session.fetch("/verify");
    expect(verify.status).toBe(307);
    expect(verify.headers.get("location")).toMatch(/\/sign-in$/);
    expect((await session.fetch("/api/me")).status).toBe(401);
    expect(await session.session()).toBeNull();
  });
});
