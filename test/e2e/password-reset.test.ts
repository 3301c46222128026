// Threat: "Forgot password?" becomes the way around everything else: a reset that signs the
// resetter straight in past the second factor, a link that works twice, or a session stolen
// before the reset that outlives it. Through the real pages and the dev mail outbox.
import { describe, expect, it } from "vitest";
import { errorMessages } from "@twostep/core";
import { randomPhone } from "../support/fixtures";
import { appAndBrowserOnPostgres } from "./support/app-and-browser";
import { openPage } from "./support/browser";
import { newEmail, signIn, signOut, signUp, submitCode } from "./support/flows";
import { latestResetLink, mailsTo } from "./support/mail";
import { latestCode } from "./support/outbox";

/** The per-user resend cooldown, so the sign-in after the reset gets an SMS of its own. */
const RESEND_COOLDOWN_MS = 31_000;
const NEW_PASSWORD = "a freshly reset passphrase";

describe("forgot password", async () => {
  const suite = await appAndBrowserOnPostgres();

  it.runIf(suite.run)("resets by the mailed link once, ends open sessions, and still asks for the code", { timeout: 180_000 }, async () => {
    const { context, page, errors } = await openPage(suite.browser, suite.app.url);
    // An account with SMS 2FA on. The phone is written straight to its row: enrolling through
    // /settings/security is the happy-path test's subject, not this one's.
    const user = { email: newEmail("reset"), phone: randomPhone() };
    await signUp(page, user.email);
    await signOut(page);
    await suite.sql`UPDATE users SET phone_e164 = ${user.phone}, phone_verified_at = now(), two_factor_enabled = true WHERE email = ${user.email}`;

    // Another browser, fully signed in before the reset (a session someone may have stolen).
    const other = await openPage(suite.browser, suite.app.url);
    await signIn(other.page, user.email);
    await submitCode(other.page, await latestCode(suite.app.url, user.phone));
    await other.page.waitForURL("**/dashboard");
    const otherSignedInAt = Date.now();

    await page.goto("/sign-in");
    await page.getByRole("link", { name: "Forgot password?" }).click();
    await page.waitForURL("**/forgot-password");
    await page.getByLabel("Email", { exact: true }).fill(user.email);
    await page.getByRole("button", { name: "Send reset link" }).click();
    await page.locator("#forgot-password-message").filter({ hasText: "If an account exists for that address, we sent a link. It works once, for 30 minutes." }).waitFor();

    const link = await latestResetLink(suite.app.url, user.email);
    const [mail] = await mailsTo(suite.app.url, user.email);
    expect(mail).toMatchObject({ kind: "password_reset" });
    expect(mail!.text).toContain("works once, for 30 minutes");
    expect(mail!.text).toContain("If you didn't ask for this");

    const opened = await page.goto(link);
    expect(opened?.headers()["referrer-policy"]).toBe("no-referrer");
    await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel("Confirm new password", { exact: true }).fill("not the same passphrase");
    await page.getByRole("button", { name: "Set new password" }).click();
    await page.locator("#reset-password-message").filter({ hasText: "The two passwords don't match" }).waitFor();
    // The form was reset with the answer (React does after an action): both are typed again.
    await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel("Confirm new password", { exact: true }).fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "Set new password" }).click();
    await page.waitForURL("**/sign-in?password-reset=1");
    await page.getByText("Sign in with your new password.").waitFor();

    // The browser signed in before the reset is signed out.
    await other.page.goto("/dashboard");
    await other.page.waitForURL(/\/sign-in/);

    // The link works once.
    await page.goto(link);
    await page.getByText(errorMessages.RESET_LINK_INVALID).waitFor();
    await page.getByRole("link", { name: "Ask for a new link" }).waitFor();

    // The new password passes the password step only: the second factor is still asked.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, otherSignedInAt + RESEND_COOLDOWN_MS - Date.now())));
    expect(await signIn(page, user.email, NEW_PASSWORD)).toBe("/verify");
    await submitCode(page, await latestCode(suite.app.url, user.phone));
    await page.waitForURL("**/dashboard");

    expect(errors).toEqual([]);
    expect(other.errors).toEqual([]);
    await other.context.close();
    await context.close();
  });
});
