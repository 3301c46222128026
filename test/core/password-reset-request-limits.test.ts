// Threat: "Forgot password?" used as a weapon: one client floods an inbox, or mails many
// addresses, or a stranger keeps the owner from resetting. Requests are limited per (address,
// IP), per address and per IP; the limits answer alike for addresses with and without accounts;
// a stranger from one IP does not stop the owner asking from theirs.
import { describe, expect, it } from "vitest";
import {
  PASSWORD_RESET_REQUESTS_PER_EMAIL_AND_IP_PER_HOUR,
  PASSWORD_RESET_REQUESTS_PER_EMAIL_PER_HOUR,
  PASSWORD_RESET_REQUESTS_PER_IP_PER_15_MINUTES,
} from "../../packages/core/src/adapters/accounts/password-reset";
import { randomIp } from "../support/fixtures";
import { usePasswordResetRig, RESET_PAGE } from "../support/password-reset-rig";

describe("reset requests are limited", () => {
  const rig = usePasswordResetRig();

  const ask = (email: string, ip: string) => rig.accounts.requestPasswordReset({ email, ip, resetUrl: RESET_PAGE });

  it("per address from one IP, alike for an address with no account, without stopping the owner elsewhere", async () => {
    const { email } = await rig.newUser();
    const stranger = randomIp();
    for (const address of [email, "no-account-here@example.com"]) {
      for (let i = 0; i < PASSWORD_RESET_REQUESTS_PER_EMAIL_AND_IP_PER_HOUR; i++) expect(await ask(address, stranger)).toEqual({ ok: true });
      const refused = await ask(address, stranger);
      expect(refused).toMatchObject({ ok: false, code: "RATE_LIMITED" });
      expect(refused.ok === false && "retryAfterSeconds" in refused && refused.retryAfterSeconds).toBeLessThanOrEqual(60 * 60);
    }
    expect(await ask(email, randomIp())).toEqual({ ok: true });
    await rig.mail.waitFor(email, PASSWORD_RESET_REQUESTS_PER_EMAIL_AND_IP_PER_HOUR + 1);
  });

  it("per address across IPs, so an inbox gets at most a few mails an hour", async () => {
    const { email } = await rig.newUser();
    for (let i = 0; i < PASSWORD_RESET_REQUESTS_PER_EMAIL_PER_HOUR; i++) expect(await ask(email, randomIp())).toEqual({ ok: true });
    expect(await ask(email, randomIp())).toMatchObject({ ok: false, code: "RATE_LIMITED" });
    expect(PASSWORD_RESET_REQUESTS_PER_EMAIL_PER_HOUR).toBeLessThanOrEqual(10);
  });

  it("per IP across addresses", async () => {
    const ip = randomIp();
    for (let i = 0; i < PASSWORD_RESET_REQUESTS_PER_IP_PER_15_MINUTES; i++) expect(await ask(`spray${i}@example.com`, ip)).toEqual({ ok: true });
    expect(await ask("one-more@example.com", ip)).toMatchObject({ ok: false, code: "RATE_LIMITED" });
    expect(await ask("one-more@example.com", randomIp())).toEqual({ ok: true });
  });
});
