// Threat: a client upgrades its own password-only ("pending") session to a signed-in one without
// an SMS code, through Auth.js's session update endpoint, extra form fields, headers or cookies.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../support/app-server";
import { HttpSession } from "../support/http-session";
import { seedUser } from "../support/seed-user";
import { postgresAvailable } from "../support/services";
import { randomPhone } from "../support/fixtures";

describe("a pending session stays pending whatever the client sends", async () => {
  const run = await postgresAvailable();
  let app: AppServer;
  const password = "correct horse battery staple";
  const phone = randomPhone();

  beforeAll(async () => {
    if (!run) return;
    app = await startAppServer({}, { freshPostgres: true });
    await seedUser(app.databaseUrl!, { email: "pending@example.com", password, phone, twoFactor: true });
  });
  afterAll(async () => {
    if (!run) return;
    await app?.stop();
  });

  const pendingSession = async () => {
    const browser = new HttpSession(app.url);
    expect(await browser.signIn("pending@example.com", password)).toBe(true);
    expect(await browser.session()).toMatchObject({ stage: "pending" });
    return browser;
  };
  const expectStillPending = async (browser: HttpSession) => {
    expect(await browser.session()).toMatchObject({ stage: "pending" });
    const dashboard = await browser.fetch("/dashboard");
    expect(dashboard.status).toBe(307);
    expect(dashboard.headers.get("location")).toMatch(/\/verify$/);
  };

  it.runIf(run)("ignores POST /api/auth/session with { twoFactorVerified: true } and any other data", async () => {
    const browser = await pendingSession();
    const csrf = (await (await browser.fetch("/api/auth/csrf")).json()) as { csrfToken: string };
    for (const data of [
      { twoFactorVerified: true },
      { stage: "full" },
      { user: { stage: "full" }, stage: "full", stageSince: Date.now() },
      { sub: "someone-else", stage: "full" },
    ]) {
      const res = await browser.fetch("/api/auth/session", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ csrfToken: csrf.csrfToken, data }),
      });
      expect(res.status).toBe(200);
      await expectStillPending(browser);
    }
  });

  it.runIf(run)("ignores extra sign-in form fields and forged headers", async () => {
    const browser = new HttpSession(app.url);
    const csrf = (await (await browser.fetch("/api/auth/csrf")).json()) as { csrfToken: string };
    await browser.fetch("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-two-factor-verified": "true" },
      body: new URLSearchParams({
        email: "pending@example.com", password, csrfToken: csrf.csrfToken,
        twoFactorVerified: "true", stage: "full", twoFactorRequired: "false",
      }),
    });
    await expectStillPending(browser);
  });

  it.runIf(run)("rejects a hand-made session cookie", async () => {
    const browser = await pendingSession();
    const forged = new HttpSession(app.url);
    forged.cookies.set("authjs.session-token", "eyJhbGciOiJub25lIn0.eyJzdGFnZSI6ImZ1bGwifQ.");
    expect(await forged.session()).toBeNull();
    const tampered = [...browser.cookies.get("authjs.session-token")!];
    tampered[40] = tampered[40] === "A" ? "B" : "A";
    forged.cookies.set("authjs.session-token", tampered.join(""));
    expect((await forged.fetch("/dashboard")).headers.get("location")).toMatch(/\/sign-in(\?callbackUrl=[^&]*)?$/);
  });

  it.runIf(run)("lets a pending session see nothing protected", async () => {
    const browser = await pendingSession();
    for (const path of ["/dashboard", "/settings/security"]) {
      const res = await browser.fetch(path);
      expect(res.status).toBe(307);
      expect(res.headers.get("location")).toMatch(/\/verify$/);
    }
  });
});
