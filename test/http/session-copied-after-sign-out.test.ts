// Threat: a session cookie copied from a browser (a shared computer, a stolen backup, malware)
// keeps working after its owner signed out, or a password-only cookie copied before the code was
// typed keeps its place after the sign-in completed. The server's session record decides, not the
// cookie: sign-out and completing sign-in end the records behind the copies.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppServer } from "../support/app-server";
import { HttpSession } from "../support/http-session";
import { APP_BACKENDS } from "./support/app-backends";
import { callAction } from "./support/server-actions";
import { pendingSession, twoFactorUserOverHttp } from "./support/two-factor-user";

const copyOf = (browser: HttpSession) => {
  const copy = new HttpSession(browser.baseUrl);
  for (const [name, value] of browser.cookies) copy.cookies.set(name, value);
  return copy;
};

async function signOut(browser: HttpSession) {
  const csrf = (await (await browser.fetch("/api/auth/csrf")).json()) as { csrfToken: string };
  await browser.fetch("/api/auth/signout", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken: csrf.csrfToken, callbackUrl: "/" }),
  });
}

for (const backend of APP_BACKENDS) {
  describe(`a copied session cookie (${backend.name})`, async () => {
    const run = await backend.enabled();
    let app: AppServer;
    beforeAll(async () => {
      if (run) app = await backend.start();
    });
    afterAll(async () => {
      if (run) await app?.stop();
    });

    it.runIf(run)("is refused once its owner signs out, by the API, the pages and Auth.js's own renewal", async () => {
      const { full } = await twoFactorUserOverHttp(app.url);
      const copy = copyOf(full);
      expect((await copy.fetch("/api/me")).status).toBe(200);

      await signOut(full);
      expect((await full.fetch("/api/me")).status).toBe(401);
      expect((await copy.fetch("/api/me")).status).toBe(401);
      const page = await copy.fetch("/settings/security", { headers: { accept: "text/html" } });
      expect(page.headers.get("location") ?? "").toMatch(/\/sign-in(\?callbackUrl=[^&]*)?$/);
      // Renewal through GET /api/auth/session answers no session and clears the cookie.
      expect(await copy.session()).toBeNull();
      expect(copy.cookies.has("authjs.session-token")).toBe(false);
    });

    it.runIf(run)("taken while sign-in still owed a code is refused once the code was typed", async () => {
      const { email, phone } = await twoFactorUserOverHttp(app.url);
      const pending = await pendingSession(app.url, email);
      const copy = copyOf(pending);
      const reply = await callAction(pending, "/verify", "verifySignInCodeAction", { code: await pending.latestCode(phone) });
      expect(reply.redirect).toMatch(/\/dashboard/);
      expect((await pending.fetch("/api/me")).status).toBe(200);
      // The pending record ended with the upgrade: the copy can neither ask for codes nor finish.
      expect(await copy.session()).toBeNull();
      const page = await copy.fetch("/verify", { headers: { accept: "text/html" } });
      expect([200, 307]).toContain(page.status);
      expect((await copy.fetch("/api/me")).status).toBe(401);
    });
  });
}
