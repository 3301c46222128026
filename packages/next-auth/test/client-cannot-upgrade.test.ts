// Threat: the jwt callback makes a password-only session full because of something other than
// the server's own check: data the client sent to `update()` / POST /api/auth/session, a token
// field it guessed, or an authorize() that forgot to say a second factor is owed.
import { randomBytes } from "node:crypto";
import type { NextAuthConfig } from "next-auth";
import type { JWT } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { createTwoStepSession, TwoStepSessionConfigError } from "@twostep/next-auth";

const session = createTwoStepSession({
  secret: randomBytes(32).toString("base64url"),
  secureCookies: false,
  userExists: async () => true,
});
const config = session.authConfig({ providers: [] });
type JwtParams = Parameters<NonNullable<NonNullable<NextAuthConfig["callbacks"]>["jwt"]>>[0];
const jwt = (params: Partial<JwtParams>) => config.callbacks!.jwt!({ token: {}, ...params } as JwtParams) as Promise<JWT | null>;

const signInAs = (user: Record<string, unknown>) => jwt({ token: {}, user: user as JwtParams["user"], trigger: "signIn" });

describe("the stage in the token is the server's alone", () => {
  it("starts pending when authorize() says a second factor is owed, full only when it says none is", async () => {
    expect(await signInAs({ id: "u1", email: "a@example.com", secondFactorRequired: true })).toMatchObject({ sub: "u1", stage: "pending" });
    expect(await signInAs({ id: "u1", email: "a@example.com", secondFactorRequired: false })).toMatchObject({ stage: "full" });
  });

  it("refuses a user whose authorize() left out secondFactorRequired instead of signing it in fully", async () => {
    for (const flag of [undefined, "false", 0, null]) {
      await expect(signInAs({ id: "u1", email: "a@example.com", secondFactorRequired: flag })).rejects.toBeInstanceOf(TwoStepSessionConfigError);
    }
  });

  it("returns a pending token unchanged whatever an update sends", async () => {
    const pending = (await signInAs({ id: "u1", email: "a@example.com", secondFactorRequired: true }))!;
    for (const data of [{ twoFactorVerified: true }, { stage: "full" }, { sub: "u2", stage: "full", stageSince: 0 }]) {
      expect(await jwt({ token: { ...pending }, trigger: "update", session: data })).toEqual(pending);
    }
  });

  it("drops extra fields a token might carry and a pending token past its minutes", async () => {
    const pending = (await signInAs({ id: "u1", email: "a@example.com", secondFactorRequired: true }))!;
    expect(await jwt({ token: { ...pending, twoFactorVerified: true } })).toEqual(pending);
    expect(await jwt({ token: { ...pending, stageSince: Date.now() - 11 * 60_000 } })).toBeNull();
    expect(await jwt({ token: { ...pending, stage: "verified" } })).toBeNull();
  });

  it("won't let the host config replace the stage-aware callbacks or the session settings", () => {
    const jwtCallback = async () => ({ stage: "full" });
    expect(() => session.authConfig({ providers: [], callbacks: { jwt: jwtCallback } } as never)).toThrow(TwoStepSessionConfigError);
    expect(() => session.authConfig({ providers: [], session: { strategy: "jwt" } } as never)).toThrow(TwoStepSessionConfigError);
  });
});
