// Threat: an attacker who signed in with the password alone while 2FA was optional keeps that
// password-only session after the operator requires 2FA and the owner enrolls an authenticator app
// at /verify/enroll: 2FA is on, yet the attacker's browser still works. Enrolling there turns 2FA
// on just as the settings page does, so it must end every other session of the user at once,
// while the owner's new full session stays signed in.
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { totpCodeAt } from "@twostep/core";
import { afterAll, describe, expect, it } from "vitest";
import { freePort, startAppServer, type AppServer } from "../support/app-server";
import { HttpSession } from "../support/http-session";
import { callAction } from "./support/server-actions";
import { PASSWORD } from "./support/two-factor-user";

describe("TWO_FACTOR_POLICY=required: enrolling on /verify/enroll ends the user's other sessions", () => {
  // One deployment whose operator changes the policy: the same data and secrets across a restart.
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "twostep-policy-change-"));
  const secrets: Record<string, string> = {
    DATA_DIR: dataDir,
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    CODE_HASH_KEY: randomBytes(32).toString("base64url"),
    TOTP_ENCRYPTION_KEY: randomBytes(32).toString("base64url"),
  };
  let app: AppServer | undefined;
  afterAll(async () => {
    await app?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("a password-only session from while 2FA was optional stops working; the enrolling browser stays signed in", { timeout: 120_000 }, async () => {
    // The same port too, so the browsers' cookies go to the restarted server.
    Object.assign(secrets, { PORT: String(await freePort()) });
    const email = `policy-${randomUUID().slice(0, 8)}@example.com`;
    app = await startAppServer({ ...secrets, TWO_FACTOR_POLICY: "optional" });
    await new HttpSession(app.url).signUp(email, PASSWORD);
    const attacker = new HttpSession(app.url);
    expect(await attacker.signIn(email, PASSWORD)).toBe(true);
    expect(await attacker.session()).toMatchObject({ stage: "full" });

    // The operator requires 2FA: the same deployment restarted with the new policy.
    await app.stop();
    app = await startAppServer({ ...secrets, TWO_FACTOR_POLICY: "required" });
    expect((await attacker.fetch("/api/me")).status).toBe(200);

    const owner = new HttpSession(app.url);
    expect(await owner.signIn(email, PASSWORD)).toBe(true);
    expect(await owner.session()).toMatchObject({ stage: "pending" });
    const begun = await callAction(owner, "/verify/enroll", "beginRequiredEnrollmentAction");
    expect(begun.result, JSON.stringify(begun.result)).toMatchObject({ status: "success" });
    const { factorId, secret } = (begun.result?.data ?? {}) as { factorId: string; secret: string };
    const confirmed = await callAction(owner, "/verify/enroll", "confirmRequiredEnrollmentAction", { factorId, code: totpCodeAt(secret, Date.now()) });
    expect(confirmed.result, JSON.stringify(confirmed.result)).toMatchObject({ status: "success" });

    expect((await owner.fetch("/api/me")).status).toBe(200);
    expect(await owner.session()).toMatchObject({ stage: "full" });
    expect((await attacker.fetch("/api/me")).status).toBe(401);
    expect(await attacker.session()).toBeNull();
  });
});
