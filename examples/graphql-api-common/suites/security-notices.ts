// Threat: someone with the password (or a stolen session) changes an account's security through
// the example's GraphQL API (turns 2FA off, signs in with a backup code) and the owner never hears
// of it, because the host wired the core without its notices. The examples wire them to their own
// users' addresses: each such change mails the owner, with no code and no full phone number.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExampleServer } from "../src/index.js";
import { browser, latestOutboxCode, PASSWORD, signUpWithTwoFactor, startExample, type FrameworkUnderTest } from "./support.js";

const PHONE = "+447400123987";

/** The security notices mailed to `email`, newest first, once `count` of them are there. */
async function noticesTo(example: ExampleServer, email: string, count: number) {
  for (let i = 0; i < 200; i++) {
    const mine = (await example.mail.recent(50, email)).filter((m) => m.kind === "security_notice");
    if (mine.length >= count) return mine;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`fewer than ${count} notices to ${email}`);
}

/** Run by each example's test/security-notices.test.ts against its own server. */
export function securityNoticesSuite(framework: FrameworkUnderTest) {
  let example: ExampleServer;
  beforeAll(async () => {
    example = await startExample(framework);
  });
  afterAll(() => example?.close());

  describe(`${framework.name} example: security notices by mail`, () => {
    it("tells the owner that 2FA was turned on, that a backup code signed in, and that 2FA was turned off", async () => {
      const { email, owner, backupCodes } = await signUpWithTwoFactor(example, PHONE);
      const [turnedOn] = await noticesTo(example, email, 1);
      expect(turnedOn!.subject).toMatch(/Two-factor authentication turned on/);

      const elsewhere = browser(example.url);
      await elsewhere.gql("mutation ($email: String!, $password: String!) { signIn(email: $email, password: $password) { success } }", { email, password: PASSWORD });
      expect((await elsewhere.gql("mutation ($code: String!) { verifyBackupCode(code: $code) { success } }", { code: backupCodes[0] })).body.data?.verifyBackupCode).toMatchObject({ success: true });
      const afterBackup = await noticesTo(example, email, 2);
      expect(afterBackup.map((m) => m.subject)).toContainEqual(expect.stringMatching(/A backup code was used/));

      expect((await owner.gql("mutation { requestOtp { success } }")).body.data?.requestOtp).toMatchObject({ success: true });
      const off = await owner.gql("mutation ($password: String!, $otp: String!) { disableTwoFactorAuth(password: $password, otp: $otp) { success } }", {
        password: PASSWORD,
        otp: await latestOutboxCode(example, PHONE),
      });
      expect(off.body.data?.disableTwoFactorAuth).toMatchObject({ success: true });
      const all = await noticesTo(example, email, 3);
      expect(all[0]!.subject).toMatch(/Two-factor authentication turned off/);
      for (const mail of all) {
        expect(mail.text).not.toContain(PHONE);
        expect(mail.text).not.toMatch(/\b\d{6}\b/);
      }
    });
  });
}
