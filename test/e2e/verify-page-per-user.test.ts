// Threat: the code page misleads the person at it about their own account. (1) A lock learned by
// one user stays in the tab (sessionStorage) and the next user to sign in there is told they are
// locked out, with the code field disabled. (2) "Trust this browser" is silently unticked after a
// wrong code (React resets the form after each answer), so the right code that follows, which
// submits itself at the sixth digit, does not trust the browser the person asked to trust.
import { describe, expect, it } from "vitest";
import { randomPhone } from "../support/fixtures";
import { seedUser } from "../support/seed-user";
import { appAndBrowserOnPostgres } from "./support/app-and-browser";
import { openPage } from "./support/browser";
import { nextAnswer, newEmail, PASSWORD, signIn, signOut, submitCode } from "./support/flows";
import { latestCode, wrongCode } from "./support/outbox";

const TRUST_LABEL = "Trust this browser for 30 days";

describe("the code page belongs to the user at it", async () => {
  const suite = await appAndBrowserOnPostgres();

  async function twoFactorUser(tag: string) {
    const email = newEmail(tag);
    const phone = randomPhone();
    const user = await seedUser(suite.app.databaseUrl!, { email, password: PASSWORD, phone, twoFactor: true });
    return { email, phone, userId: user.id };
  }

  it.runIf(suite.run)("a lock shown to one user is not shown to the next in the same tab", { timeout: 90_000 }, async () => {
    const alice = await twoFactorUser("lock-a");
    const bob = await twoFactorUser("lock-b");
    const { context, page, errors } = await openPage(suite.browser, suite.app.url);
    await expect(signIn(page, alice.email)).resolves.toBe("/verify");
    await suite.sql`INSERT INTO verification_failures (user_id, failures, locked_until_ms, forget_at_ms)
      VALUES (${alice.userId}, 10, ${Date.now() + 10 * 60_000}, ${Date.now() + 86_400_000})
      ON CONFLICT (user_id) DO UPDATE SET failures = 10, locked_until_ms = EXCLUDED.locked_until_ms`;
    const answer = await nextAnswer(page.locator("#verify-message"), async () => submitCode(page, await latestCode(suite.app.url, alice.phone)));
    expect(answer.code).toBe("LOCKED");
    await expect(page.getByLabel("Verification code").isDisabled()).resolves.toBe(true);

    // Alice signs out; Bob signs in in the same tab: his code page is not locked.
    await signOut(page);
    await expect(page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.includes("locked")))).resolves.toEqual([]);
    await expect(signIn(page, bob.email)).resolves.toBe("/verify");
    await page.waitForTimeout(500); // the stored lock is read just after hydration
    await expect(page.getByTestId("lock-countdown").count()).resolves.toBe(0);
    await expect(page.getByLabel("Verification code").isDisabled()).resolves.toBe(false);
    await submitCode(page, await latestCode(suite.app.url, bob.phone));
    await page.waitForURL("**/dashboard");
    expect(errors).toEqual([]);
    await context.close();
  });

  it.runIf(suite.run)("Trust this browser stays ticked after a wrong code, and the right code trusts it", { timeout: 90_000 }, async () => {
    const carol = await twoFactorUser("trust-kept");
    const { context, page, errors } = await openPage(suite.browser, suite.app.url);
    await expect(signIn(page, carol.email)).resolves.toBe("/verify");
    const trust = page.getByLabel(TRUST_LABEL);
    await trust.check();
    const code = await latestCode(suite.app.url, carol.phone);
    const answer = await nextAnswer(page.locator("#verify-message"), () => submitCode(page, wrongCode(code)));
    expect(answer.code).toBe("INVALID_CODE");
    await expect(trust.isChecked()).resolves.toBe(true);
    await submitCode(page, code);
    await page.waitForURL("**/dashboard");
    // The browser was trusted: the password alone signs in again.
    await signOut(page);
    await expect(signIn(page, carol.email)).resolves.toBe("/dashboard");
    expect(errors).toEqual([]);
    await context.close();
  });
});
