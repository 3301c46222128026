// Threat: "Trust this browser" becomes a way past the second factor for someone it was not given
// to: a trust cookie copied into another user's browser lets that user skip the code, or a trust
// the owner removed (one row, or all) still works, or another user can remove it. Over HTTP, the
// way a script holding a copied cookie would try it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppServer } from "../support/app-server";
import { HttpSession } from "../support/http-session";
import { APP_BACKENDS } from "./support/app-backends";
import { actionId, callAction } from "./support/server-actions";
import { PASSWORD, pendingSession, twoFactorUserOverHttp } from "./support/two-factor-user";

const TRUST_COOKIE = "twostep.trusted-device";

/** The sign-in form's action (the password step and, for a trusted browser, the whole sign-in). */
async function signInThroughForm(browser: HttpSession, email: string, password = PASSWORD): Promise<string | null> {
  await callAction(browser, "/sign-in", "signInAction", { email, password });
  const session = await browser.session();
  return (session?.stage as string | undefined) ?? null;
}

/** A fresh browser holding nothing but this trust cookie. */
function browserWith(baseUrl: string, trust: string): HttpSession {
  const browser = new HttpSession(baseUrl);
  browser.cookies.set(TRUST_COOKIE, trust);
  return browser;
}

/**
 * A plain `<form action={…}>` action, as the security page's Remove buttons post it: the FormData
 * is the only argument (callAction sends useActionState's two).
 */
async function postFormAction(browser: HttpSession, pagePath: string, name: string, fields: Record<string, string> = {}): Promise<number> {
  const body = new FormData();
  for (const [field, value] of Object.entries(fields)) body.append(`_1_${field}`, value);
  body.append("0", JSON.stringify(["$K1"]));
  const res = await browser.fetch(pagePath, {
    method: "POST",
    headers: { "Next-Action": actionId(name), Accept: "text/x-component", Origin: browser.baseUrl },
    body,
  });
  await res.text();
  return res.status;
}

async function smsCount(browser: HttpSession, phone: string): Promise<number> {
  const res = await browser.fetch(`/api/dev/outbox?to=${encodeURIComponent(phone)}`);
  return ((await res.json()) as { messages: unknown[] }).messages.length;
}

const backend = APP_BACKENDS[0]!;

describe(`a trusted browser skips the code only for its own user (${backend.name})`, () => {
  let app: AppServer;
  beforeAll(async () => {
    app = await backend.start();
  });
  afterAll(async () => app?.stop());

  /** A 2FA user who signed in with a backup code and ticked "Trust this browser": their trust cookie. */
  async function trustedUser() {
    const user = await twoFactorUserOverHttp(app.url);
    const browser = await pendingSession(app.url, user.email);
    const verified = await callAction(browser, "/verify/backup", "verifyBackupCodeAction", { backupCode: user.backupCodes[0]!, trustBrowser: "on" });
    expect(verified.redirect, JSON.stringify(verified.result)).toMatch(/\/dashboard/);
    const trust = browser.cookies.get(TRUST_COOKIE);
    expect(trust).toMatch(/^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
    return { ...user, trust: trust! };
  }

  it("the owner skips the code (and gets no SMS); a wrong password still fails; another user with the copied cookie owes the code", async () => {
    const alice = await trustedUser();
    const bob = await twoFactorUserOverHttp(app.url);

    const aliceAgain = browserWith(app.url, alice.trust);
    const sentBefore = await smsCount(aliceAgain, alice.phone);
    expect(await signInThroughForm(aliceAgain, alice.email, "not the password")).toBeNull();
    expect(await signInThroughForm(aliceAgain, alice.email)).toBe("full");
    expect((await aliceAgain.fetch("/api/me")).status).toBe(200);
    expect(await smsCount(aliceAgain, alice.phone)).toBe(sentBefore);

    const bobWithAlicesCookie = browserWith(app.url, alice.trust);
    expect(await signInThroughForm(bobWithAlicesCookie, bob.email)).toBe("pending");
    expect((await bobWithAlicesCookie.fetch("/api/me")).status).toBe(401);
  });

  it("ticking nothing trusts nothing", async () => {
    const carol = await twoFactorUserOverHttp(app.url);
    const browser = await pendingSession(app.url, carol.email);
    const verified = await callAction(browser, "/verify/backup", "verifyBackupCodeAction", { backupCode: carol.backupCodes[0]! });
    expect(verified.redirect).toMatch(/\/dashboard/);
    expect(browser.cookies.has(TRUST_COOKIE)).toBe(false);
  });

  it("a removed trust no longer skips the code, and only its owner can remove it", async () => {
    const alice = await trustedUser();
    const bob = await trustedUser();
    const bobsDeviceId = bob.trust.split(".")[0]!;

    expect(await postFormAction(alice.full, "/settings/security", "revokeTrustedDeviceAction", { deviceId: bobsDeviceId })).toBe(200);
    expect(await signInThroughForm(browserWith(app.url, bob.trust), bob.email)).toBe("full");

    expect(await postFormAction(bob.full, "/settings/security", "revokeTrustedDeviceAction", { deviceId: bobsDeviceId })).toBe(200);
    expect(await signInThroughForm(browserWith(app.url, bob.trust), bob.email)).toBe("pending");

    expect(await signInThroughForm(browserWith(app.url, alice.trust), alice.email)).toBe("full");
    expect(await postFormAction(alice.full, "/settings/security", "revokeAllTrustedDevicesAction")).toBe(200);
    expect(await signInThroughForm(browserWith(app.url, alice.trust), alice.email)).toBe("pending");
  });

  it("a made-up or malformed trust cookie is simply not trusted", async () => {
    const dave = await twoFactorUserOverHttp(app.url);
    for (const value of ["", "x", `${"A".repeat(22)}.${"B".repeat(43)}`, "~~~", `${"A".repeat(22)}.${"B".repeat(43)}~${"x".repeat(3000)}`]) {
      expect(await signInThroughForm(browserWith(app.url, value), dave.email)).toBe("pending");
    }
  });
});
