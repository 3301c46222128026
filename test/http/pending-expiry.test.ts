// Threat: a password-only ("pending") session lingers and is used later to finish sign-in or to
// wait out limits; it must die 10 minutes after the password step.
import { randomBytes } from "node:crypto";
import { decode, encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../support/app-server";
import { HttpSession } from "../support/http-session";
import { pendingSession, twoFactorUserOverHttp } from "./support/two-factor-user";

const COOKIE = "authjs.session-token";

describe("a pending session's lifetime", () => {
  const secret = randomBytes(32).toString("base64url");
  let app: AppServer;
  let email: string;

  beforeAll(async () => {
    app = await startAppServer({ AUTH_SECRET: secret });
    ({ email } = await twoFactorUserOverHttp(app.url));
  });
  afterAll(async () => {
    await app?.stop();
  });

  // A real pending session (its server-side record is live), its token written again with the
  // server's own secret as if the password step had been `ageMs` ago.
  const pendingToken = async (ageMs: number) => {
    const pending = await pendingSession(app.url, email);
    const claims = await decode({ token: pending.cookies.get(COOKIE)!, secret, salt: COOKIE });
    return encode({ token: { ...claims, stageSince: Date.now() - ageMs }, secret, salt: COOKIE });
  };

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
    expect(verify.headers.get("location")).toMatch(/\/sign-in(\?callbackUrl=[^&]*)?$/);
    expect((await session.fetch("/api/me")).status).toBe(401);
    expect(await session.session()).toBeNull();
  });
});
