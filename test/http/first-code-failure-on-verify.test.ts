// Behaviour: the password step sends the first sign-in SMS, and the code page only reads the
// code's state. When that SMS did not go out (here: the app's hourly SMS budget is spent), the page
// must say why and what helps (wait, or use a backup code), not "there is no active code, ask for
// a new one", which a resend would refuse for the same reason. A sign-in whose SMS went out says
// nothing of an earlier failure.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../support/app-server";
import { PASSWORD, pendingSession, twoFactorUserOverHttp } from "./support/two-factor-user";

describe("the code page after the first sign-in SMS failed", () => {
  let app: AppServer;
  beforeAll(async () => {
    // One SMS an hour for the whole app: the enrollment's. The sign-in's is refused.
    app = await startAppServer({ SMS_GLOBAL_HOURLY_BUDGET: "1" });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("says the SMS could not be sent and when to try again, again at the next sign-in", { timeout: 60_000 }, async () => {
    const user = await twoFactorUserOverHttp(app.url);
    const pending = await pendingSession(app.url, user.email);
    const page = await pending.fetch("/verify");
    expect(page.status).toBe(200);
    const html = (await page.text()).replaceAll("<!-- -->", "");
    expect(html).toContain("We couldn&#x27;t send your code");
    expect(html).toMatch(/data-code="RATE_LIMITED">Too many tries for now\. Try again in \d+ (minutes?|hours?)\./);
    expect(html).not.toContain("There is no active code");
    expect(await pending.signIn(user.email, PASSWORD)).toBe(true);
    // The same failure a second time, from the same browser: still said.
    expect((await (await pending.fetch("/verify")).text()).replaceAll("<!-- -->", "")).toContain('data-code="RATE_LIMITED"');
  });
});
