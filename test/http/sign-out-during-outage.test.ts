// Threat: while the database is down or stalled, "Sign out" fails or hangs before the session
// cookie is cleared, so whoever uses the browser next (a shared computer) is still signed in once
// the store answers again. Signing out must clear the cookie and land on the signed-out page
// during an outage, within the store deadline. What it cannot do then is end the server-side
// record: a copy of the cookie taken before stays good until the record expires (or, after a
// freeze, until the held "end" reaches the database when it wakes); nothing queues the end.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../support/app-server";
import { createFreshDatabase } from "../support/fresh-database";
import { appOnProxiedPostgres } from "../support/proxied-postgres";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy";
import { HttpSession } from "../support/http-session";
import { postgresAvailable, TEST_DATABASE_URL } from "../support/services";
import { callAction } from "./support/server-actions";
import { pendingSession, twoFactorUserOverHttp } from "./support/two-factor-user";

/**
 * The sign-out action may wait on the store twice (reading the session, then ending its record),
 * each up to the core's 5 s deadline, plus slack: past this the request hung.
 */
const SIGN_OUT_WITHIN_MS = 14_000;
/** Auth.js's own sign-out waits on the store once. */
const ONE_DEADLINE_WITHIN_MS = 8_000;

const hasSessionCookie = (browser: HttpSession) => [...browser.cookies.keys()].some((name) => name.includes("session-token"));

/** Auth.js's own sign-out (POST /api/auth/signout with its CSRF token), with how long it took. */
async function authJsSignOut(browser: HttpSession, freeze: () => void): Promise<{ res: Response; tookMs: number }> {
  const { csrfToken } = (await (await browser.fetch("/api/auth/csrf")).json()) as { csrfToken: string };
  freeze();
  const started = Date.now();
  const res = await browser.fetch("/api/auth/signout", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, callbackUrl: "/sign-in?signed-out=1" }),
    signal: AbortSignal.timeout(ONE_DEADLINE_WITHIN_MS + 5_000),
  });
  return { res, tookMs: Date.now() - started };
}

describe("signing out during a database outage", async () => {
  const run = await postgresAvailable();
  let setup: Awaited<ReturnType<typeof appOnProxiedPostgres>> | undefined;
  let user: Awaited<ReturnType<typeof twoFactorUserOverHttp>>;
  beforeAll(async () => {
    if (!run) return;
    setup = await appOnProxiedPostgres();
    user = await twoFactorUserOverHttp(setup.app.url);
  });
  afterAll(async () => {
    await setup?.stop();
  });

  /** A second full session of the same user, by backup code (SMS codes to one account are spaced apart). */
  async function fullSession(backupCode: string): Promise<HttpSession> {
    const browser = await pendingSession(setup!.app.url, user.email);
    const reply = await callAction(browser, "/verify/backup", "verifyBackupCodeAction", { backupCode });
    expect(reply.redirect, JSON.stringify(reply.result)).toMatch(/\/dashboard/);
    return browser;
  }

  /** The store answers again: the pool reconnects without a restart. */
  async function storeBack() {
    await expect.poll(async () => (await fetch(`${setup!.app.url}/api/health`)).status, { timeout: 20_000, interval: 500 }).toBe(200);
  }

  /** What a browser with its session cookie gone sees: the sign-in page saying "You are signed out", without the store. */
  async function landsSignedOut(browser: HttpSession) {
    expect(hasSessionCookie(browser)).toBe(false);
    const page = await browser.fetch("/sign-in?signed-out=1");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("You are signed out.");
  }

  it.runIf(run)("frozen: the sign-out button clears the cookie and lands on the signed-out page, within the deadlines", { timeout: 60_000 }, async () => {
    const browser = await fullSession(user.backupCodes[0]!);
    expect((await browser.fetch("/api/me")).status).toBe(200);
    setup!.proxy.freeze();
    try {
      const started = Date.now();
      const reply = await callAction(browser, "/dashboard", "signOutAction");
      expect(Date.now() - started).toBeLessThan(SIGN_OUT_WITHIN_MS);
      expect(reply.status).toBeLessThan(500);
      expect(reply.redirect).toMatch(/\/sign-in\?signed-out=1(;|$)/);
      await landsSignedOut(browser);
    } finally {
      setup!.proxy.thaw();
    }
    await storeBack();
  });

  it.runIf(run)("frozen: Auth.js's own sign-out answers within the deadline and clears the cookie", { timeout: 60_000 }, async () => {
    const browser = await fullSession(user.backupCodes[1]!);
    try {
      const { res, tookMs } = await authJsSignOut(browser, () => setup!.proxy.freeze());
      expect(tookMs).toBeLessThan(ONE_DEADLINE_WITHIN_MS);
      expect(res.status).toBe(302);
      await landsSignedOut(browser);
    } finally {
      setup!.proxy.thaw();
    }
    await storeBack();
  });

  it.runIf(run)("down: the /sign-out page still offers the button, and a pending session signs out too", { timeout: 60_000 }, async () => {
    const full = await fullSession(user.backupCodes[2]!);
    const pending = await pendingSession(setup!.app.url, user.email);
    await setup!.proxy.stop();
    try {
      const page = await full.fetch("/sign-out");
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain("Sign out");
      expect(html).not.toContain("TWOSTEP_SERVICE_UNAVAILABLE");

      for (const browser of [full, pending]) {
        const reply = await callAction(browser, "/sign-out", "signOutAction");
        expect(reply.status).toBeLessThan(500);
        expect(reply.redirect).toMatch(/\/sign-in\?signed-out=1(;|$)/);
        await landsSignedOut(browser);
      }
    } finally {
      await setup!.proxy.start();
    }
    await storeBack();
  });
});

// A multi-host DATABASE_URL (a primary and its standby, say) keeps postgres.js's own sockets, so the
// core's stalled-connection guard is not there to cut a frozen statement: only the app's store
// deadline stands between sign-out and a wait as long as the freeze.
describe("signing out on a multi-host database URL while the database is frozen", async () => {
  const run = await postgresAvailable();
  let app: AppServer | undefined;
  let proxy: TcpProxy | undefined;
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    if (!run) return;
    const fresh = await createFreshDatabase();
    drop = fresh.drop;
    const upstream = new URL(TEST_DATABASE_URL);
    proxy = await startTcpProxy({ host: upstream.hostname, port: Number(upstream.port || 5432) });
    const url = new URL(fresh.url);
    const hosts = `127.0.0.1:${proxy.port},127.0.0.1:${proxy.port}`;
    app = await startAppServer({ DATABASE_URL: `${url.protocol}//${url.username}${url.password ? `:${url.password}` : ""}@${hosts}${url.pathname}` });
  });
  afterAll(async () => {
    proxy?.thaw();
    await app?.stop();
    await proxy?.stop();
    await drop?.();
  });

  it.runIf(run)("Auth.js's own sign-out answers within the deadline and clears the cookie", { timeout: 60_000 }, async () => {
    const browser = new HttpSession(app!.url);
    await browser.signUp("multi-host@example.com", "correct horse battery staple");
    expect(await browser.signIn("multi-host@example.com", "correct horse battery staple")).toBe(true);
    try {
      const { res, tookMs } = await authJsSignOut(browser, () => proxy!.freeze());
      expect(tookMs).toBeLessThan(ONE_DEADLINE_WITHIN_MS);
      expect(res.status).toBe(302);
      expect(hasSessionCookie(browser)).toBe(false);
    } finally {
      proxy!.thaw();
    }
  });
});
