// Threat: a security notice that tells the owner something untrue. The new-browser notice of an
// account without two-factor authentication said the intruder "got past your second factor": the
// account has none, so the owner looks for a stolen phone or app rather than their password, and
// isn't told to turn a second factor on. The event carries no word of a second factor (the web
// records it after a password-only sign-in too), so the text must hold with and without 2FA.
import { describe, expect, it } from "vitest";
import { coreOverSmtp } from "../support/core-over-smtp";

describe("the notice of a sign-in from a new browser, on an account without two-factor authentication", () => {
  it("does not claim a second factor was passed, and says what to do either way", { timeout: 300_000 }, async () => {
    const { twostep, smtp, signUp } = await coreOverSmtp();
    const userId = await signUp("no2fa@example.com", "correct horse battery staple 42");
    expect((await twostep.twoFactor.profile(userId))?.twoFactorEnabled ?? false).toBe(false);

    // As the web app records a password-only sign-in from a browser new to the account.
    await twostep.audit.record({ userId, type: "sign_in.new_device", ip: "203.0.113.80", detail: { device: "Firefox on macOS" } });
    await twostep.notices.idle();

    expect(smtp.received).toHaveLength(1);
    const { text } = smtp.received[0]!;
    expect(text).toMatch(/browser that had not signed in before \(Firefox on macOS\)/);
    expect(text).not.toMatch(/has your password and got past your second factor/);
    expect(text).toMatch(/^If it wasn't you, someone has your password \(and, if two-factor authentication is on, got past your second factor too\)/m);
    expect(text).toMatch(/turn two-factor authentication on/);
  });
});
