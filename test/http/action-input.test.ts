// Threat: a server action is a public POST endpoint; a hand-made request with missing fields,
// files where text belongs, repeated or oversized fields, or no FormData at all must get a plain
// error answer — never a 500, a stack trace, or a step further than a well-formed request.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../support/app-server";
import { HttpSession } from "../support/http-session";
import { callAction, type FieldValue } from "./support/server-actions";
import { pendingSession, twoFactorUserOverHttp } from "./support/two-factor-user";

describe("server actions answer malformed input with a message", () => {
  let app: AppServer;
  let user: Awaited<ReturnType<typeof twoFactorUserOverHttp>>;
  let pending: HttpSession;

  beforeAll(async () => {
    app = await startAppServer();
    user = await twoFactorUserOverHttp(app.url);
    pending = await pendingSession(app.url, user.email);
  });
  afterAll(async () => {
    await app?.stop();
  });

  const file = () => new Blob(["123456"], { type: "text/plain" });
  const shapes: Record<string, (field: string) => Record<string, FieldValue> | "not-form-data"> = {
    missing: () => ({}),
    file: (field) => ({ [field]: file() }),
    repeated: (field) => ({ [field]: ["123456", "654321"] }),
    oversized: (field) => ({ [field]: "9".repeat(5_000) }),
    "not FormData": () => "not-form-data",
  };

  async function expectPlainError(session: HttpSession, path: string, name: string, field: string, allowed: string[]) {
    for (const [shape, make] of Object.entries(shapes)) {
      const reply = await callAction(session, path, name, make(field));
      const where = `${name} with ${shape} ${field}`;
      expect(reply.status, where).toBe(200);
      expect(reply.result, where).toMatchObject({ status: "error" });
      expect(allowed, where).toContain(reply.result?.code);
      expect(typeof reply.result?.message, where).toBe("string");
      expect(reply.body, where).not.toMatch(/\n\s+at |Error:|digest/);
    }
  }

  it("sign-in and sign-up", async () => {
    const anonymous = new HttpSession(app.url);
    await expectPlainError(anonymous, "/sign-in", "signInAction", "email", ["INVALID_CREDENTIALS"]);
    await expectPlainError(anonymous, "/sign-up", "signUpAction", "password", ["INVALID_INPUT"]);
    await expectPlainError(anonymous, "/sign-up/confirm", "confirmSignUpAction", "password", ["INVALID_INPUT"]);
    await expectPlainError(anonymous, "/sign-up/confirm", "confirmSignUpAction", "token", ["INVALID_INPUT", "SIGN_UP_LINK_INVALID"]);
    expect(await anonymous.session()).toBeNull();
  });

  it("forgot and reset password, without looking an address up or spending a link", async () => {
    const anonymous = new HttpSession(app.url);
    await expectPlainError(anonymous, "/forgot-password", "requestPasswordResetAction", "email", ["INVALID_INPUT"]);
    await expectPlainError(anonymous, "/reset-password", "resetPasswordAction", "newPassword", ["INVALID_INPUT"]);
    await expectPlainError(anonymous, "/reset-password", "resetPasswordAction", "token", ["INVALID_INPUT", "RESET_LINK_INVALID"]);
    expect(await anonymous.session()).toBeNull();
  });

  it("the code and backup-code steps, without costing a guess", async () => {
    await expectPlainError(pending, "/verify", "verifySignInCodeAction", "code", ["MALFORMED_CODE"]);
    await expectPlainError(pending, "/verify/backup", "verifyBackupCodeAction", "backupCode", ["INVALID_BACKUP_CODE"]);
    // Still pending, and the live code still takes all five guesses: none was spent above.
    expect(await pending.session()).toMatchObject({ stage: "pending" });
    const wrong = await callAction(pending, "/verify", "verifySignInCodeAction", { code: "000000" === (await pending.latestCode(user.phone)) ? "111111" : "000000" });
    expect(wrong.result).toMatchObject({ code: "INVALID_CODE", message: expect.stringContaining("4 attempts left") });
  });

  it("the settings actions", async () => {
    await expectPlainError(user.full, "/settings/security", "beginPhoneEnrollmentAction", "phone", ["INVALID_PHONE"]);
    await expectPlainError(user.full, "/settings/security", "confirmPhoneEnrollmentAction", "code", ["MALFORMED_CODE"]);
    // Password re-checks share a limit of 5 per 15 minutes: the later shapes meet it.
    await expectPlainError(user.full, "/settings/security", "disableTwoFactorAction", "password", ["INVALID_CREDENTIALS", "RATE_LIMITED"]);
    await expectPlainError(user.full, "/settings/security", "regenerateBackupCodesAction", "password", ["INVALID_CREDENTIALS", "RATE_LIMITED"]);
    expect(await (await user.full.fetch("/api/me")).json()).toMatchObject({ twoFactorEnabled: true });
  });
});
