// Threat: the reset mail misleads or leaks: it says too little for the owner to act on a request
// they didn't make, carries the link anywhere but the app's own origin, or the link is mailed to an
// address other than the account's. Through the whole core (createTwoStepFromConfig) and its dev
// mail outbox.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCore } from "../support/core-instance";
import { randomIp } from "../support/fixtures";

describe("the password-reset mail", () => {
  let core: Awaited<ReturnType<typeof startCore>>;
  beforeAll(async () => {
    core = await startCore({ APP_NAME: "Acme Books" });
  });
  afterAll(async () => core.stop());

  const mailTo = async (to: string) => {
    for (let i = 0; i < 100; i++) {
      const mine = (await core.twostep.mailOutbox!.recent()).filter((m) => m.to === to && m.kind === "password_reset");
      if (mine.length > 0) return mine[0]!;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`no reset mail to ${to}`);
  };

  it("says what was asked, holds the one link to the app's page, how long it works, and what to do if it wasn't you", async () => {
    const email = `mail-${Date.now()}@example.com`;
    const created = await core.twostep.accounts.signUp({ email, password: "a perfectly fine passphrase", ip: randomIp() });
    expect(created.ok).toBe(true);
    expect(await core.twostep.accounts.requestPasswordReset({ email: ` ${email.toUpperCase()} `, ip: randomIp(), resetUrl: "https://books.example.com/reset-password" })).toEqual({ ok: true });

    const mail = await mailTo(email);
    expect(mail.subject).toBe("Reset your Acme Books password");
    expect(mail.text).toContain(`asked to reset the password of the Acme Books account for ${email}`);
    const links = mail.text.match(/https?:\/\/\S+/g) ?? [];
    expect(links).toHaveLength(1);
    expect(links[0]).toMatch(/^https:\/\/books\.example\.com\/reset-password\?token=[A-Za-z0-9_-]{43}$/);
    expect(mail.text).toContain("The link works once, for 30 minutes.");
    expect(mail.text).toContain("If you didn't ask for this, ignore this email: your password stays as it is");
    expect(mail.text).not.toMatch(/\b\d{6}\b/);

    const token = new URL(links[0]!).searchParams.get("token");
    expect(await core.twostep.accounts.checkResetLink({ token })).toEqual({ ok: true });
  });
});
