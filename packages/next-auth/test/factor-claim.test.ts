// Threat: the factor a session records (its amr-style claim) says more than what happened: a
// pending token, or one a client edited through update(), claims a second factor it never passed,
// so settings that ask for "a session whose second step passed with a factor" believe it.
import { randomBytes } from "node:crypto";
import type { NextAuthConfig } from "next-auth";
import type { JWT } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { createTwoStepSession } from "@twostep/next-auth";

const session = createTwoStepSession({ secret: randomBytes(32).toString("base64url"), secureCookies: false, userExists: async () => true });
const config = session.authConfig({ providers: [] });
type JwtParams = Parameters<NonNullable<NonNullable<NextAuthConfig["callbacks"]>["jwt"]>>[0];
const jwt = (params: Partial<JwtParams>) => config.callbacks!.jwt!({ token: {}, ...params } as JwtParams) as Promise<JWT | null>;
const signInAs = (secondFactorRequired: boolean) =>
  jwt({ token: {}, user: { id: "u1", email: "a@example.com", secondFactorRequired } as JwtParams["user"], trigger: "signIn" });

describe("the factor claim", () => {
  it("is password on a full session that owed no second factor, and absent while pending", async () => {
    expect(await signInAs(false)).toMatchObject({ stage: "full", factor: "password" });
    expect(await signInAs(true)).not.toHaveProperty("factor");
  });

  it("never appears on a pending token, whatever the token or an update carries", async () => {
    const pending = (await signInAs(true))!;
    expect(await jwt({ token: { ...pending, factor: "totp" } })).not.toHaveProperty("factor");
    expect(await jwt({ token: { ...pending }, trigger: "update", session: { factor: "totp", stage: "full" } })).toEqual(pending);
  });

  it("is kept as the server wrote it on a full token's renewal, and an update cannot change it", async () => {
    const full = (await signInAs(false))!;
    expect(await jwt({ token: { ...full }, trigger: "update", session: { factor: "totp" } })).toMatchObject({ factor: "password" });
  });
});
