// Threat: someone signs in to an account with a stolen password or code, and the owner reading
// their security log can't tell that browser from their own: an ordinary sign-in (password only,
// SMS code, backup code; the web forms and GraphQL alike) must name the browser it came from.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppServer } from "../support/app-server";
import { GraphQLBrowser, lit } from "../graphql/graphql-browser";
import { APP_BACKENDS } from "./support/app-backends";
import { callAction } from "./support/server-actions";
import { PASSWORD, twoFactorUserOverHttp } from "./support/two-factor-user";

const FIREFOX_ON_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:128.0) Gecko/20100101 Firefox/128.0";
const SAFARI_ON_IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
const EDGE_ON_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0";
const CHROME_ON_ANDROID = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";
const FIREFOX_ON_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

/** A browser that sends its own User-Agent on every request (and an address of its own). */
class BrowserWithAgent extends GraphQLBrowser {
  constructor(baseUrl: string, private readonly agent: string) {
    super(baseUrl);
  }
  override fetch(pathname: string, init: RequestInit = {}) {
    const headers = new Headers(init.headers);
    headers.set("user-agent", this.agent);
    return super.fetch(pathname, { ...init, headers });
  }
}

/** The security log's rows as the signed-in owner reads them: each row's text, tags stripped. */
async function logRows(browser: GraphQLBrowser): Promise<string[]> {
  const page = await browser.fetch("/settings/security?log=all");
  expect(page.status).toBe(200);
  const html = (await page.text()).replaceAll("<!-- -->", "");
  return [...html.matchAll(/<li[^>]*data-testid="event-row"[^>]*>([\s\S]*?)<\/li>/g)].map((m) =>
    m[1]!.replace(/<[^>]+>/g, " ").replace(/&#x27;|&#39;/g, "'").replace(/\s+/g, " ").trim(),
  );
}

/** A fresh browser of `agent` that has passed the password step of a 2FA account. */
async function pendingWith(baseUrl: string, agent: string, email: string) {
  const browser = new BrowserWithAgent(baseUrl, agent);
  expect(await browser.signIn(email, PASSWORD)).toBe(true);
  expect(await browser.session()).toMatchObject({ stage: "pending" });
  return browser;
}

for (const backend of APP_BACKENDS) {
  describe(`the security log names the browser of each sign-in (${backend.name})`, async () => {
    const enabled = await backend.enabled();
    let app: AppServer;
    beforeAll(async () => {
      if (enabled) app = await backend.start();
    });
    afterAll(async () => {
      await app?.stop();
    });

    it.runIf(enabled)("a password-only sign-in on the web", { timeout: 60_000 }, async () => {
      const browser = new BrowserWithAgent(app.url, FIREFOX_ON_MAC);
      const email = `device-pw-${crypto.randomUUID().slice(0, 8)}@example.com`;
      await browser.signUp(email, PASSWORD);
      expect(await browser.signIn(email, PASSWORD)).toBe(true);
      expect(await browser.session()).toMatchObject({ stage: "full" });
      expect(await logRows(browser)).toContainEqual(expect.stringMatching(/^Signed in with your password .*Firefox on macOS/));
    });

    it.runIf(enabled)("the web's SMS code and backup code forms", { timeout: 120_000 }, async () => {
      const user = await twoFactorUserOverHttp(app.url);

      const phone = await pendingWith(app.url, SAFARI_ON_IPHONE, user.email);
      const verified = await callAction(phone, "/verify", "verifySignInCodeAction", { code: await phone.latestCode(user.phone) });
      expect(verified.redirect, verified.body.slice(0, 300)).toMatch(/\/dashboard/);
      expect(await logRows(phone)).toContainEqual(expect.stringMatching(/^Signed in with an SMS code .*Safari on iOS/));

      const laptop = await pendingWith(app.url, EDGE_ON_WINDOWS, user.email);
      const backup = await callAction(laptop, "/verify/backup", "verifyBackupCodeAction", { backupCode: user.backupCodes[0]! });
      expect(backup.redirect, backup.body.slice(0, 300)).toMatch(/\/dashboard/);
      expect(await logRows(laptop)).toContainEqual(expect.stringMatching(/^Signed in with a backup code .*Edge on Windows/));
    });

    it.runIf(enabled)("GraphQL verifyOtp and verifyBackupCode", { timeout: 120_000 }, async () => {
      const user = await twoFactorUserOverHttp(app.url);

      const phone = await pendingWith(app.url, CHROME_ON_ANDROID, user.email);
      expect(await phone.mutate("verifyOtp", `otp: ${lit(await phone.latestCode(user.phone))}`)).toMatchObject({ success: true });
      expect(await logRows(phone)).toContainEqual(expect.stringMatching(/^Signed in with an SMS code .*Chrome on Android/));

      const desktop = await pendingWith(app.url, FIREFOX_ON_LINUX, user.email);
      expect(await desktop.mutate("verifyBackupCode", `code: ${lit(user.backupCodes[1]!)}`)).toMatchObject({ success: true });
      expect(await logRows(desktop)).toContainEqual(expect.stringMatching(/^Signed in with a backup code .*Firefox on Linux/));
    });
  });
}
