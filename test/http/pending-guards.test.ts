// Threat: a session that passed only the password step ("pending") gets at protected pages, data
// or actions through a door the proxy does not watch: a path variant, an RSC request, a forged
// proxy-bypass header, the JSON API, or a server action posted straight to any URL. Each page,
// route handler and action checks the session itself (src/server/auth/viewer.ts); this proves it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../support/app-server";
import { HttpSession } from "../support/http-session";
import { callAction } from "./support/server-actions";
import { PASSWORD, pendingSession, twoFactorUserOverHttp } from "./support/two-factor-user";

describe("a pending session is refused everywhere, not only by the proxy", () => {
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

  const smsCount = async () => {
    const res = await new HttpSession(app.url).fetch(`/api/dev/outbox?to=${encodeURIComponent(user.phone)}`);
    return ((await res.json()) as { messages: unknown[] }).messages.length;
  };

  it("GET /api/me (outside the proxy's matcher): 401 for anonymous and pending, 200 for full", async () => {
    const anonymous = await new HttpSession(app.url).fetch("/api/me");
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ error: { code: "UNAUTHENTICATED" } });
    const asPending = await pending.fetch("/api/me");
    expect(asPending.status).toBe(401);
    const asFull = await user.full.fetch("/api/me");
    expect(asFull.status).toBe(200);
    expect(asFull.headers.get("cache-control")).toMatch(/no-store/);
    expect(await asFull.json()).toEqual({ email: user.email, twoFactorEnabled: true });
  });

  it("never renders a protected page for it, whatever the path spelling or headers", async () => {
    const paths = [
      "/dashboard", "/settings", "/settings/security", "/dashboard/index", "/%64ashboard", "/dashboard%2f",
      "/./dashboard", "/settings/%73ecurity", "/dashboard.rsc", "/dashboard?_rsc=1", "/Dashboard",
    ];
    const headerSets: Record<string, string>[] = [
      {},
      { RSC: "1" },
      { RSC: "1", "Next-Router-Prefetch": "1" },
      // CVE-2025-29927: this header once made Next skip middleware. Whatever Next does with it,
      // the page's own check must still hold.
      { "x-middleware-subrequest": "proxy:proxy:proxy:proxy:proxy" },
      { "x-middleware-subrequest": "src/proxy:src/proxy:src/proxy:src/proxy:src/proxy" },
      { "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware" },
    ];
    for (const path of paths) {
      for (const headers of headerSets) {
        const res = await pending.fetch(path, { headers });
        const body = await res.text();
        const where = `${path} ${JSON.stringify(headers)}`;
        expect(body, where).not.toContain(user.email);
        expect([307, 308, 404], where).toContain(res.status);
        if (res.status === 307) expect(res.headers.get("location"), where).toMatch(/\/verify$/);
      }
    }
    // The same requests with the full session do render (so the checks above test something).
    const page = await user.full.fetch("/settings/security");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(user.email);
  });

  it("refuses every settings action, posted to the settings page or to any other URL", async () => {
    const sentBefore = await smsCount();
    const calls: [string, Record<string, string>][] = [
      ["sendDisableCodeAction", {}],
      ["reverifyPhoneAction", {}],
      ["beginPhoneEnrollmentAction", { phone: user.phone }],
      ["resendPhoneCodeAction", {}],
      ["enableTwoFactorAction", {}],
      ["disableTwoFactorAction", { password: PASSWORD, code: "123456" }],
      ["regenerateBackupCodesAction", { password: PASSWORD }],
    ];
    // "/" and "/sign-in" are outside the proxy's matcher; Next forwards an action posted there
    // to the page that owns it. "/verify" is inside it, but open to pending sessions.
    for (const at of ["/settings/security", "/", "/sign-in", "/verify"]) {
      for (const [name, form] of calls) {
        const reply = await callAction(pending, at, name, form);
        const where = `${name} at ${at}`;
        expect(reply.status, where).toBeLessThan(500);
        expect(reply.result?.status, where).not.toBe("success");
        expect(reply.body, where).not.toMatch(/[0-9A-Z]{5}-[0-9A-Z]{5}/);
        if (reply.redirect) expect(reply.redirect, where).toMatch(/\/verify/);
      }
    }
    // Nothing happened: no SMS, 2FA still on, and the first backup code still unused.
    expect(await smsCount()).toBe(sentBefore);
    expect(await (await user.full.fetch("/api/me")).json()).toMatchObject({ twoFactorEnabled: true });
    const settings = (await (await user.full.fetch("/settings/security")).text()).replaceAll("<!-- -->", "");
    expect(settings.includes("10 of 10 backup codes left."), "all ten backup codes unused").toBe(true);
  });

  it("lets the pending session finish only through the second factor", async () => {
    const reply = await callAction(pending, "/verify", "verifySignInCodeAction", { code: await pending.latestCode(user.phone) });
    expect(reply.redirect).toMatch(/\/dashboard/);
    expect(await pending.session()).toMatchObject({ stage: "full" });
    expect((await pending.fetch("/api/me")).status).toBe(200);
  });
});
