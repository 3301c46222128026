// Threat: a session token outlives its account; after the account is deleted the token must not
// open anything (or crash pages): it reads as no session at all.
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../support/app-server";
import { HttpSession } from "../support/http-session";
import { postgresAvailable } from "../support/services";

describe("a deleted account's session", async () => {
  const run = await postgresAvailable();
  let app: AppServer;

  beforeAll(async () => {
    if (!run) return;
    app = await startAppServer({}, { freshPostgres: true });
  });
  afterAll(async () => {
    if (!run) return;
    await app?.stop();
  });

  it.runIf(run)("is treated as signed out", async () => {
    const browser = new HttpSession(app.url);
    await browser.signUp("gone@example.com", "a long enough password");
    expect(await browser.signIn("gone@example.com", "a long enough password")).toBe(true);
    expect((await browser.fetch("/api/me")).status).toBe(200);
    const sql = postgres(app.databaseUrl!, { max: 1, onnotice: () => {} });
    await sql`DELETE FROM users WHERE email = 'gone@example.com'`;
    await sql.end();
    expect((await browser.fetch("/api/me")).status).toBe(401);
    const dashboard = await browser.fetch("/dashboard", { headers: { accept: "text/html" } });
    // The proxy lets the (still valid) full token through; the page's own guard sends it away.
    expect([307, 303]).toContain(dashboard.status);
    expect(dashboard.headers.get("location")).toMatch(/\/sign-in(\?callbackUrl=[^&]*)?$/);
  });
});
