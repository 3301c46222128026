// Threat: a stranger at one address, pacing its wrong passwords under the (email, IP) window of
// 15 minutes, spends the email-wide daily ceiling alone in a few hours and so refuses the owner's
// right password from every new browser for the rest of the day, every day (decision 008).
import { afterEach, describe, expect, it, vi } from "vitest";
import { SIGN_INS_PER_EMAIL_AND_IP_PER_DAY, SIGN_INS_PER_EMAIL_PER_DAY, SIGN_IN_WINDOW_SECONDS } from "@twostep/core";
import { randomIp } from "../support/fixtures";
import { usePasswordResetRig } from "../support/password-reset-rig";

describe("one address pacing itself can't spend the owner's password step", () => {
  const rig = usePasswordResetRig();
  afterEach(() => {
    vi.useRealTimers();
  });

  it("for a whole day, the owner's right password from a new browser still signs in; guessing stays bounded", { timeout: 120_000 }, async () => {
    const { email, password, user } = await rig.newUser();
    // The limiter's windows run on Date (rate-limiter-flexible), so the test moves Date itself.
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    const stranger = randomIp();
    const signIn = (pass: string, ip: string, knownDevice = false) =>
      rig.accounts.authenticate({ email, password: pass, ip, isKnownDevice: async (id) => knownDevice && id === user.id });

    // Every 15 minutes for a day less one window, as many guesses as the address is allowed.
    const windows = (24 * 60 * 60) / SIGN_IN_WINDOW_SECONDS - 1;
    let checked = 0;
    for (let w = 0; w < windows; w++) {
      for (;;) {
        const answer = await signIn(`guess ${w}-${checked}`, stranger);
        if (!answer.ok && answer.code === "RATE_LIMITED") break;
        expect(answer).toEqual({ ok: false, code: "INVALID_CREDENTIALS" });
        checked++;
      }
      vi.setSystemTime(Date.now() + SIGN_IN_WINDOW_SECONDS * 1000);
    }
    // The stranger is still refused, even with the right password…
    expect(await signIn(password, stranger)).toMatchObject({ ok: false, code: "RATE_LIMITED" });
    // …while the owner, from a browser that never signed in before, signs in at the end of that day,
    expect(await signIn(password, randomIp())).toMatchObject({ ok: true });
    // as from their own browser, which never drew on the email-wide windows.
    expect(await signIn(password, randomIp(), true)).toMatchObject({ ok: true });

    // Guessing stays bounded: the address got at most its daily share, a tenth of the email-wide
    // ceiling, so spending that ceiling takes more than ten addresses.
    expect(checked).toBeLessThanOrEqual(SIGN_INS_PER_EMAIL_AND_IP_PER_DAY);
    expect(SIGN_INS_PER_EMAIL_AND_IP_PER_DAY * 10).toBeLessThanOrEqual(SIGN_INS_PER_EMAIL_PER_DAY);
  });
});
