// Threat: a sign-in with the old password that overlaps a password reset (or a change of password
// from settings) keeps a session the reset never ended: it read the old hash before the new one was
// written, and its session opened after the reset had ended every session. For an account without
// 2FA that undoes the reset. The sign-in opens its session, then checks that the password it
// verified is still the account's; if not, it ends that session and answers a wrong password.
//
// Deterministic, no timing: each sign-in below is split where Auth.js splits it, the password check
// (authorize, accounts.authenticate) and the session's opening (the jwt callback of
// @twostep/next-auth, after it), and the reset or change runs whole between the two.
import { randomBytes } from "node:crypto";
import type { NextAuthConfig } from "next-auth";
import { CredentialsSignin } from "@auth/core/errors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "@twostep/core/sql";
import { createTwoStepSession } from "@twostep/next-auth";
import { passwordResetRig } from "../support/password-reset-rig";

type JwtParams = Parameters<NonNullable<NonNullable<NextAuthConfig["callbacks"]>["jwt"]>>[0];

describe("a sign-in with the old password overlapping a password reset", () => {
  let handle: DatabaseHandle;
  let rig: ReturnType<typeof passwordResetRig>;
  /** The jwt callback at sign-in, as Auth.js calls it with authorize()'s user. */
  let openSignIn: (user: Record<string, unknown>) => Promise<unknown>;
  beforeAll(async () => {
    handle = await openDatabase({ pgliteMemory: true });
    rig = passwordResetRig(handle);
    const stage = createTwoStepSession({
      secret: randomBytes(32).toString("base64url"),
      secureCookies: false,
      userExists: async () => true,
      sessions: rig.sessions,
      // As apps/web wires it (two-step-session.ts).
      async passwordUnchanged(userId, passwordStamp, { ip }) {
        const answer = await rig.accounts.checkPasswordStamp({ userId, passwordStamp, ip });
        if (answer.ok) return true;
        if (answer.code === "INVALID_CREDENTIALS") return false;
        throw new Error(answer.code);
      },
    });
    const jwt = stage.authConfig({ providers: [] }).callbacks!.jwt!;
    openSignIn = async (user) => jwt({ token: {}, user: user as JwtParams["user"], trigger: "signIn" } as JwtParams);
  });
  afterAll(async () => handle.close());

  /** authorize()'s answer for a password that passed, as apps/web builds it. */
  async function passwordStep(email: string, password: string) {
    const result = await rig.accounts.authenticate({ email, password, ip: "10.0.0.9" });
    if (!result.ok) throw new Error(`the password step failed: ${result.code}`);
    return { id: result.user.id, email: result.user.email, secondFactorRequired: false, passwordStamp: result.passwordStamp, ip: "10.0.0.9" };
  }

  /** The user's failed sign-ins in the security log, oldest first. */
  async function failedSignIns(userId: string) {
    const page = await rig.audit.pageForUser(userId, { limit: 50, types: ["sign_in.failed"] });
    return page.events.map((e) => ({ ip: e.ip, detail: e.detail })).reverse();
  }

  it("reads the old hash before the reset, opens after it ended the sessions: no session is left and the sign-in is a wrong password", async () => {
    const { email, password, user } = await rig.newUser();
    const authorized = await passwordStep(email, password);
    const token = await rig.linkFor(email);
    expect(await rig.accounts.resetPassword({ token, newPassword: "a brand new passphrase", ip: "10.0.0.4" })).toEqual({ ok: true });

    const refusal = await openSignIn(authorized).then(() => null, (error: unknown) => error);
    expect(await rig.sessions.list(user.id)).toEqual([]);
    // CredentialsSignin is how Auth.js refuses credentials: the form says "wrong email or password".
    expect(refusal).toBeInstanceOf(CredentialsSignin);
    // The password step already logged a success; the refusal is in the owner's log too, with its address.
    expect(await failedSignIns(user.id)).toEqual([{ ip: "10.0.0.9", detail: { step: "password", reason: "password_changed" } }]);
    expect(await rig.accounts.checkPasswordStamp({ userId: user.id, passwordStamp: authorized.passwordStamp })).toEqual({ ok: false, code: "INVALID_CREDENTIALS" });
  });

  it("opens and checks before the reset writes: the reset ends that session", async () => {
    const { email, password, user } = await rig.newUser();
    const signedIn = (await openSignIn(await passwordStep(email, password))) as { sid: string };
    expect(await rig.sessions.check(signedIn.sid)).not.toBeNull();
    const token = await rig.linkFor(email);
    expect(await rig.accounts.resetPassword({ token, newPassword: "a brand new passphrase", ip: "10.0.0.4" })).toEqual({ ok: true });
    expect(await rig.sessions.check(signedIn.sid)).toBeNull();
    expect(await rig.sessions.list(user.id)).toEqual([]);
  });

  it("is refused the same way when the owner changes the password from settings meanwhile", async () => {
    const { email, password, user } = await rig.newUser();
    const owner = await rig.sessions.open({ userId: user.id, stage: "full", factor: "password", ip: "10.0.0.1" });
    const authorized = await passwordStep(email, password);
    // apps/web's changePasswordAction: the change, then every other session of the account ends.
    expect(await rig.accounts.changePassword({ userId: user.id, currentPassword: password, newPassword: "a brand new passphrase" })).toEqual({ ok: true });
    await rig.sessions.endOthers(user.id, owner.id);

    const refusal = await openSignIn(authorized).then(() => null, (error: unknown) => error);
    expect((await rig.sessions.list(user.id)).map((s) => s.id)).toEqual([owner.id]);
    expect(refusal).toBeInstanceOf(CredentialsSignin);
    expect(await failedSignIns(user.id)).toEqual([{ ip: "10.0.0.9", detail: { step: "password", reason: "password_changed" } }]);
  });

  it("signs in as before when the password did not change, and a new sign-in with the new password works", async () => {
    const { email, password, user } = await rig.newUser();
    const first = (await openSignIn(await passwordStep(email, password))) as { sid: string; stage: string };
    expect(first.stage).toBe("full");
    expect(await rig.sessions.check(first.sid)).not.toBeNull();
    const token = await rig.linkFor(email);
    await rig.accounts.resetPassword({ token, newPassword: "a brand new passphrase", ip: "10.0.0.4" });
    const second = (await openSignIn(await passwordStep(email, "a brand new passphrase"))) as { sid: string };
    expect((await rig.sessions.list(user.id)).map((s) => s.id)).toEqual([second.sid]);
    expect(await failedSignIns(user.id)).toEqual([]);
  });

  it("leaves no session either when the check itself fails, and refuses an authorize() that forgot the stamp", async () => {
    const { email, password, user } = await rig.newUser();
    const failing = createTwoStepSession({
      secret: randomBytes(32).toString("base64url"),
      secureCookies: false,
      userExists: async () => true,
      sessions: rig.sessions,
      passwordUnchanged: async () => {
        throw new Error("store down");
      },
    });
    const jwt = failing.authConfig({ providers: [] }).callbacks!.jwt!;
    const open = async (u: Record<string, unknown>) => jwt({ token: {}, user: u as JwtParams["user"], trigger: "signIn" } as JwtParams);
    const authorized = await passwordStep(email, password);
    await expect(open(authorized)).rejects.toThrow("store down");
    await expect(openSignIn({ ...authorized, passwordStamp: undefined })).rejects.toThrow(/passwordStamp/);
    expect(await rig.sessions.list(user.id)).toEqual([]);
  });

  it("never hands out the hash itself as the stamp", async () => {
    const { email, password, user } = await rig.newUser();
    const { passwordStamp } = await passwordStep(email, password);
    const stored = (await rig.accounts.byId(user.id))!.passwordHash;
    expect(typeof passwordStamp).toBe("string");
    expect(stored).not.toContain(passwordStamp);
    expect(passwordStamp.length).toBeLessThan(32);
  });
});
