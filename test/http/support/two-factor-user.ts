import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { randomPhone } from "../../support/fixtures";
import { HttpSession } from "../../support/http-session";
import { callAction } from "./server-actions";

export const PASSWORD = "correct horse battery staple";

/**
 * A user with a verified phone and 2FA on, made over HTTP only (the JSON sign-up, Auth.js sign-in,
 * and the settings page's own server actions), so these tests need neither a browser nor SQL.
 * Returns the still fully signed-in session.
 */
export async function twoFactorUserOverHttp(baseUrl: string) {
  const email = `http-${randomUUID().slice(0, 8)}@example.com`;
  const phone = randomPhone();
  const full = new HttpSession(baseUrl);
  await full.signUp(email, PASSWORD);
  expect(await full.signIn(email, PASSWORD)).toBe(true);
  expect(await full.session()).toMatchObject({ stage: "full" });

  const begun = await callAction(full, "/settings/security", "beginPhoneEnrollmentAction", { phone });
  expect(begun.result, JSON.stringify(begun.result)).toMatchObject({ status: "success" });
  const confirmed = await callAction(full, "/settings/security", "confirmPhoneEnrollmentAction", { code: await full.latestCode(phone) });
  expect(confirmed.result, JSON.stringify(confirmed.result)).toMatchObject({ status: "success" });
  const enabled = await callAction(full, "/settings/security", "enableTwoFactorAction");
  expect(enabled.result, JSON.stringify(enabled.result)).toMatchObject({ status: "success" });
  const backupCodes = enabled.result?.data as string[];
  expect(backupCodes).toHaveLength(10);
  return { email, phone, full, backupCodes };
}

/** The password step only: a session that still owes the SMS code. */
export async function pendingSession(baseUrl: string, email: string): Promise<HttpSession> {
  const pending = new HttpSession(baseUrl);
  expect(await pending.signIn(email, PASSWORD)).toBe(true);
  expect(await pending.session()).toMatchObject({ stage: "pending" });
  return pending;
}
