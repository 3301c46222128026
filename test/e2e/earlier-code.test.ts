// Threat: after "Resend code" a person types the code from the SMS before (it arrived late, or
// they read the wrong message) and is told only "not right", losing one of the new code's few
// attempts to an honest mistake. The page must say it was an earlier code, keep the attempts of
// the latest one as they were, and still let only the latest code in.
import { describe, expect, it } from "vitest";
import { errorMessages } from "@twostep/core";
import { randomPhone } from "../support/fixtures";
import { seedUser } from "../support/seed-user";
import { appAndBrowserOnPostgres } from "./support/app-and-browser";
import { openPage } from "./support/browser";
import { nextAnswer, newEmail, PASSWORD, signIn, submitCode } from "./support/flows";
import { latestCode } from "./support/outbox";
import { screenshot } from "./support/screenshots";

describe("a code from before the resend", async () => {
  const suite = await appAndBrowserOnPostgres();
  const run = suite.run;

  const attemptsSpent = async (userId: string) => {
    const [row] = await suite.sql<{ attempts: number }[]>`SELECT attempts FROM challenges WHERE user_id = ${userId} AND purpose = 'sign_in'`;
    return row!.attempts;
  };

  it.runIf(run)("says 'That was an earlier code', spends none of the new code's attempts, and the new code signs in", { timeout: 90_000 }, async () => {
    const email = newEmail("earlier");
    const phone = randomPhone();
    const user = await seedUser(suite.app.databaseUrl!, { email, password: PASSWORD, phone, twoFactor: true });
    const { context, page, errors } = await openPage(suite.browser, suite.app.url);
    await expect(signIn(page, email)).resolves.toBe("/verify");
    const earlier = await latestCode(suite.app.url, phone);

    // The 30 s resend cooldown of the first send lapses without waiting for it.
    await suite.sql`DELETE FROM rate_limits WHERE key LIKE ${`%${user.id}:sign_in%`}`;
    await page.reload();
    let latest = earlier;
    for (let resends = 0; latest === earlier && resends < 3; resends++) {
      await page.getByRole("button", { name: "Resend code", exact: true }).click();
      // The new SMS is in the outbox once the page has the resend's answer.
      await expect.poll(async () => (await suite.sql`SELECT 1 FROM sms_messages WHERE to_e164 = ${phone}`).length, { timeout: 15_000 }).toBe(resends + 2);
      latest = await latestCode(suite.app.url, phone);
      if (latest === earlier) await suite.sql`DELETE FROM rate_limits WHERE key LIKE ${`%${user.id}:sign_in%`}`;
    }
    expect(latest).not.toBe(earlier);

    const message = page.locator("#verify-message");
    const answer = await nextAnswer(message, () => submitCode(page, earlier));
    expect(answer).toEqual({ code: "EARLIER_CODE", text: `${errorMessages.EARLIER_CODE} 5 attempts left.` });
    await expect(page.getByLabel("Verification code").getAttribute("aria-invalid")).resolves.toBe("true");
    await screenshot(page, "44-verify-earlier-code");
    expect(await attemptsSpent(user.id)).toBe(0);

    // Typed again, the same answer: still nothing spent.
    await expect(nextAnswer(message, () => submitCode(page, earlier))).resolves.toMatchObject({ code: "EARLIER_CODE" });
    expect(await attemptsSpent(user.id)).toBe(0);
    // It counted toward the account lock all the same.
    const [failures] = await suite.sql<{ failures: number }[]>`SELECT failures FROM verification_failures WHERE user_id = ${user.id}`;
    expect(failures!.failures).toBe(2);

    await submitCode(page, latest);
    await page.waitForURL("**/dashboard");
    expect(errors).toEqual([]);
    await context.close();
  });
});
