// Threat: a stranger at one IP, pacing reset requests under the (address, IP) window, spends the
// address-wide hourly window alone, so the owner's own request answers RATE_LIMITED for the rest
// of the hour, every hour, and the inbox gets a mail (each voiding the last link) every few minutes.
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  PASSWORD_RESET_REQUESTS_PER_EMAIL_AND_IP_PER_HOUR,
  PASSWORD_RESET_REQUESTS_PER_EMAIL_PER_HOUR,
} from "../../packages/core/src/adapters/accounts/password-reset";
import { randomIp } from "../support/fixtures";
import { usePasswordResetRig, RESET_PAGE } from "../support/password-reset-rig";

describe("one IP pacing its reset requests can't hold off the owner's", () => {
  const rig = usePasswordResetRig();
  afterEach(() => {
    vi.useRealTimers();
  });

  it("for hours, asking every few minutes, it leaves the owner's request answered", { timeout: 60_000 }, async () => {
    const { email } = await rig.newUser();
    // The limiter's windows run on Date (rate-limiter-flexible), so the test moves Date itself.
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    const stranger = randomIp();
    const ask = (ip: string) => rig.accounts.requestPasswordReset({ email, ip, resetUrl: RESET_PAGE });

    const STEP_MINUTES = 5;
    let accepted = 0;
    for (let minute = 0; minute < 3 * 60; minute += STEP_MINUTES) {
      // As many requests as the stranger's IP is allowed now…
      for (;;) {
        const answer = await ask(stranger);
        if (!answer.ok) break;
        accepted++;
      }
      // …and the owner asks from their own late in each hour, when the stranger has had most of it.
      if (minute % 60 === 50) expect(await ask(randomIp())).toEqual({ ok: true });
      vi.setSystemTime(Date.now() + STEP_MINUTES * 60_000);
    }
    // One IP gets at most its pair's share of the address's hours, so the inbox gets few mails.
    expect(accepted).toBeLessThanOrEqual(3 * PASSWORD_RESET_REQUESTS_PER_EMAIL_AND_IP_PER_HOUR);
    expect(PASSWORD_RESET_REQUESTS_PER_EMAIL_AND_IP_PER_HOUR).toBeLessThan(PASSWORD_RESET_REQUESTS_PER_EMAIL_PER_HOUR);
  });
});
