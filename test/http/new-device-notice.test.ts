// Threat: someone with the password (and the second factor, if any) signs in from a browser the
// owner never used, and the owner never hears of it; or the mail that tells them is readable by
// anyone who reaches a staging server. A full sign-in from a browser whose known-device cookie
// doesn't hold the account mails the owner (which browser, from where); the account's first
// sign-in and a browser that signed in before don't. The mail outbox answers only with the token.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../support/app-server";
import { HttpSession } from "../support/http-session";
import { PASSWORD } from "./support/two-factor-user";

const FIREFOX_ON_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:128.0) Gecko/20100101 Firefox/128.0";

/** A browser with its own user agent and address. */
class Browser extends HttpSession {
  constructor(baseUrl: string, private readonly agent: string, private readonly ip: string) {
    super(baseUrl);
  }
  override fetch(pathname: string, init: RequestInit = {}) {
    const headers = new Headers(init.headers);
    headers.set("user-agent", this.agent);
    headers.set("x-forwarded-for", this.ip);
    return super.fetch(pathname, { ...init, headers });
  }
}

type Mail = { to: string; subject: string; text: string; kind: string; createdAt: string };

describe("a sign-in from a new browser", () => {
  let app: AppServer;
  beforeAll(async () => {
    app = await startAppServer();
  });
  afterAll(async () => {
    await app?.stop();
  });

  const mailTo = async (reader: HttpSession, email: string): Promise<Mail[]> => {
    const res = await reader.fetch(`/api/dev/mail?to=${encodeURIComponent(email)}`);
    expect(res.status).toBe(200);
    // The sign-up link is mail to this address too; the notices are what this file is about.
    return ((await res.json()) as { messages: Mail[] }).messages.filter((m) => m.kind !== "sign_up");
  };

  it("mails the owner which browser and from where; the first sign-in and a known browser don't", { timeout: 120_000 }, async () => {
    const email = `new-device-${randomBytes(6).toString("hex")}@example.com`;
    const home = new Browser(app.url, "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36", "198.51.100.20");
    await home.signUp(email, PASSWORD);
    expect(await home.signIn(email, PASSWORD)).toBe(true);

    const elsewhere = new Browser(app.url, FIREFOX_ON_MAC, "203.0.113.66");
    expect(await elsewhere.signIn(email, PASSWORD)).toBe(true);
    expect(await home.signIn(email, PASSWORD)).toBe(true); // known here: no notice

    await expect.poll(async () => (await mailTo(home, email)).length, { timeout: 30_000, interval: 250 }).toBe(1);
    // Nothing else is on its way: the pump has had time for any other notice.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const mails = await mailTo(home, email);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ to: email, kind: "security_notice", subject: expect.stringMatching(/New sign-in to your account/) });
    expect(mails[0]!.text).toMatch(/had not signed in before \(Firefox on macOS\)/);
    expect(mails[0]!.text).toMatch(/^Where: IP address 203\.0\.113\.66, Firefox on macOS$/m);
    expect(mails[0]!.text).toMatch(new RegExp(`${app.url.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/settings/security`));
    expect(Date.parse(mails[0]!.createdAt)).not.toBeNaN();
  });

  it("says at start-up that a staging mail outbox keeps mail readable", () => {
    expect(app.logs()).toMatch(/STAGING MAIL OUTBOX: .*readable .*OUTBOX_TOKEN/);
  });

  it("the mail outbox is a 404 without the token, and a bad ?to= is a 400", async () => {
    expect((await fetch(new URL("/api/dev/mail", app.url))).status).toBe(404);
    expect((await fetch(new URL("/dev/mail", app.url))).status).toBe(404);
    const reader = new HttpSession(app.url);
    expect((await reader.fetch(`/api/dev/mail?to=${"a".repeat(400)}`)).status).toBe(400);
    expect((await reader.fetch("/dev/mail")).status).toBe(200);
  });
});
