import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { randomIp } from "../../support/fixtures";
import { HttpSession } from "../../support/http-session";
import { callAction } from "./server-actions";

/**
 * One browser at one client address: every request carries it in X-Forwarded-For, which the app
 * trusts when started with TRUSTED_PROXY_HOPS=1 (as behind one reverse proxy). Lets a test play
 * the owner and strangers at addresses of their own.
 */
export class ClientAt extends HttpSession {
  constructor(baseUrl: string, readonly ip: string = randomIp()) {
    super(baseUrl);
  }

  override fetch(pathname: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set("x-forwarded-for", this.ip);
    return super.fetch(pathname, { ...init, headers });
  }

  /** The password step's outcome: "ok", or the error code Auth.js put in its redirect ("credentials", "rate_limited", …). */
  async signInOutcome(email: string, password: string): Promise<string> {
    const csrf = (await (await this.fetch("/api/auth/csrf")).json()) as { csrfToken: string };
    const res = await this.fetch("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email, password, csrfToken: csrf.csrfToken, callbackUrl: "/dashboard" }),
    });
    const location = new URL(res.headers.get("location") ?? "/", this.baseUrl);
    if (res.status === 302 && !location.searchParams.has("error")) return "ok";
    return location.searchParams.get("code") ?? location.searchParams.get("error") ?? `status ${res.status}`;
  }

  /** Messages the dev outbox holds for `to`, newest first. */
  async outbox(to: string): Promise<{ body: string }[]> {
    const res = await this.fetch(`/api/dev/outbox?to=${encodeURIComponent(to)}`);
    return ((await res.json()) as { messages: { body: string }[] }).messages;
  }
}

export const PASSWORD = "correct horse battery staple";
export const newEmail = (tag: string) => `${tag}-${randomUUID().slice(0, 8)}@example.com`;

/** A new account, signed up and fully signed in (2FA off) in this browser. */
export async function signedUp(client: ClientAt, tag: string): Promise<string> {
  const email = newEmail(tag);
  await client.signUp(email, PASSWORD);
  expect(await client.signInOutcome(email, PASSWORD)).toBe("ok");
  return email;
}

/** Proves `phone` for the signed-in account and turns 2FA on; returns the backup codes shown. */
export async function turnOnTwoFactor(client: ClientAt, phone: string): Promise<string[]> {
  const begun = await callAction(client, "/settings/security", "beginPhoneEnrollmentAction", { phone });
  expect(begun.result, JSON.stringify(begun.result)).toMatchObject({ status: "success" });
  const confirmed = await callAction(client, "/settings/security", "confirmPhoneEnrollmentAction", { code: await client.latestCode(phone) });
  expect(confirmed.result, JSON.stringify(confirmed.result)).toMatchObject({ status: "success" });
  const enabled = await callAction(client, "/settings/security", "enableTwoFactorAction");
  expect(enabled.result, JSON.stringify(enabled.result)).toMatchObject({ status: "success" });
  return enabled.result?.data as string[];
}
