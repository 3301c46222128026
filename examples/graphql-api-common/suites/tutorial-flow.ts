// The whole tutorial on a framework's real createGraphQLHandler: sign-up, phone, 2FA on, then a
// sign-in that stays pending until the SMS code, and only then a full session under a new token.
// Page JavaScript must never get a session token or the stage through `<framework> { currentUser }`.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SESSION_COOKIE, type ExampleServer } from "../src/index.js";
import { browser, latestOutboxCode, newEmail, startExample, type FrameworkUnderTest } from "./support.js";

const PHONE = "+447400123456";
const PASSWORD = "correct horse battery staple";
const ME = "{ me { email phoneHint twoFactorEnabled twoFactorVerified } }";
const SIGN_IN = "mutation ($email: String!, $password: String!) { signIn(email: $email, password: $password) { success code secondFactorRequired } }";

/** The tutorial flow, run by each example's test/tutorial-flow.test.ts against its own server. */
export function tutorialFlowSuite(framework: FrameworkUnderTest) {
  const root = framework.currentUserRoot;
  let example: ExampleServer;
  beforeAll(async () => {
    example = await startExample(framework);
  });
  afterAll(() => example?.close());

  /** A new account with a proved phone and 2FA on, set up in a browser of its own. */
  async function signUpWithTwoFactor(phone: string) {
    const email = newEmail();
    const owner = browser(example.url);
    await owner.gql("mutation ($email: String!, $password: String!) { signUp(email: $email, password: $password) { success } }", { email, password: PASSWORD });
    await owner.gql(`mutation { setPhoneNumber(phoneNumber: "${phone}") { success } }`);
    await owner.gql("mutation ($otp: String!) { verifyOtp(otp: $otp) { success } }", { otp: await latestOutboxCode(example, phone) });
    const enable = await owner.gql("mutation { enableTwoFactorAuth { backupCodes } }");
    return { email, backupCodes: (enable.body.data?.enableTwoFactorAuth as { backupCodes: string[] }).backupCodes };
  }

  describe(`${framework.name} example: the tutorial flow`, () => {
    it("signs up, enrolls a phone, turns 2FA on, and signs in again with the SMS code", async () => {
      const email = newEmail();
      const alice = browser(example.url);

      const signUp = await alice.gql("mutation ($email: String!, $password: String!) { signUp(email: $email, password: $password) { success secondFactorRequired } }", { email, password: PASSWORD });
      expect(signUp.body.data?.signUp).toEqual({ success: true, secondFactorRequired: false });
      expect(alice.jar.get("auth-provider")).toBe("app-session");
      expect((await alice.gql(ME)).body.data?.me).toMatchObject({ email, twoFactorEnabled: false, twoFactorVerified: true });

      const setPhone = await alice.gql(`mutation { setPhoneNumber(phoneNumber: "${PHONE}") { success code } }`);
      expect(setPhone.body.data?.setPhoneNumber).toEqual({ success: true, code: null });
      const verifyPhone = await alice.gql("mutation ($otp: String!) { verifyOtp(otp: $otp) { success code } }", { otp: await latestOutboxCode(example, PHONE) });
      expect(verifyPhone.body.data?.verifyOtp).toEqual({ success: true, code: null });

      const enable = await alice.gql("mutation { enableTwoFactorAuth { success backupCodes } }");
      const enabled = enable.body.data?.enableTwoFactorAuth as { success: boolean; backupCodes: string[] };
      expect(enabled.success).toBe(true);
      expect(enabled.backupCodes.length).toBeGreaterThan(0);

      // A new browser: the password alone gives a pending session.
      const phone = browser(example.url);
      const signIn = await phone.gql(SIGN_IN, { email, password: PASSWORD });
      expect(signIn.body.data?.signIn).toEqual({ success: true, code: null, secondFactorRequired: true });
      const pendingToken = phone.jar.get(SESSION_COOKIE);
      expect(pendingToken).toBeTruthy();
      expect((await phone.gql(ME)).body.data?.me).toMatchObject({ email, twoFactorEnabled: true, twoFactorVerified: false });
      // Pending is not signed in for the app's own fields, nor for the framework's currentUser.
      expect((await phone.gql("{ secretMessage }")).body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
      expect((await phone.gql(`{ ${root} { currentUser } }`)).body.data).toEqual({ [root]: { currentUser: null } });

      const verify = await phone.gql("mutation ($otp: String!) { verifyOtp(otp: $otp) { success code } }", { otp: await latestOutboxCode(example, PHONE) });
      expect(verify.body.data?.verifyOtp).toEqual({ success: true, code: null });
      const fullToken = phone.jar.get(SESSION_COOKIE);
      expect(verify.setCookies.some((line) => line.startsWith(`${SESSION_COOKIE}=`))).toBe(true);
      expect(fullToken).toBeTruthy();
      expect(fullToken).not.toBe(pendingToken);
      expect((await phone.gql(ME)).body.data?.me).toMatchObject({ email, twoFactorEnabled: true, twoFactorVerified: true });
      expect((await phone.gql("{ secretMessage }")).body.data?.secretMessage).toContain(email);

      // currentUser is { id, email } and nothing else: no token, no stage.
      const current = await phone.gql(`{ ${root} { currentUser } }`);
      const currentUser = (current.body.data?.[root] as { currentUser: Record<string, unknown> }).currentUser;
      expect(Object.keys(currentUser).sort()).toEqual(["email", "id"]);
      expect(currentUser.email).toBe(email);
      expect(current.text).not.toContain(fullToken);
      expect(current.text).not.toContain(pendingToken);

      // The pending token died with the upgrade.
      const stale = browser(example.url);
      stale.jar.set(SESSION_COOKIE, pendingToken!).set("auth-provider", "app-session");
      expect((await stale.gql(ME)).body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    });

    it("keeps a code in flight through a sweep of expired records", async () => {
      const { email } = await signUpWithTwoFactor("+447400111222");
      const late = browser(example.url);
      await late.gql(SIGN_IN, { email, password: PASSWORD });
      const code = await latestOutboxCode(example, "+447400111222");
      // Nothing here has ended: the sweep deletes none of it, and the code still signs in.
      expect(await example.expiredData.sweep()).toEqual({ signUpRequests: 0, passwordResets: 0, sessions: 0, trustedDevices: 0, challenges: 0, smsMessages: 0, devMail: 0 });
      const verify = await late.gql("mutation ($otp: String!) { verifyOtp(otp: $otp) { success code } }", { otp: code });
      expect(verify.body.data?.verifyOtp).toEqual({ success: true, code: null });
    });

    it("finishes a pending sign-in with a backup code, under a new token too", async () => {
      const { email, backupCodes } = await signUpWithTwoFactor("+447400654321");
      const [backupCode] = backupCodes;

      const traveller = browser(example.url);
      await traveller.gql(SIGN_IN, { email, password: PASSWORD });
      const pendingToken = traveller.jar.get(SESSION_COOKIE);
      const used = await traveller.gql("mutation ($code: String!) { verifyBackupCode(code: $code) { success code } }", { code: backupCode });
      expect(used.body.data?.verifyBackupCode).toEqual({ success: true, code: null });
      expect(traveller.jar.get(SESSION_COOKIE)).not.toBe(pendingToken);
      expect((await traveller.gql(ME)).body.data?.me).toMatchObject({ twoFactorVerified: true });
    });

    it("makes nothing full from what the client sends: a wrong code leaves the session pending", async () => {
      const { email } = await signUpWithTwoFactor("+447400111222");

      const attacker = browser(example.url);
      await attacker.gql(SIGN_IN, { email, password: PASSWORD });
      const pendingToken = attacker.jar.get(SESSION_COOKIE);
      const wrong = await attacker.gql('mutation { verifyOtp(otp: "000000") { success code } }');
      expect((wrong.body.data?.verifyOtp as { success: boolean }).success).toBe(false);
      expect(attacker.jar.get(SESSION_COOKIE)).toBe(pendingToken);
      expect((await attacker.gql(ME)).body.data?.me).toMatchObject({ twoFactorVerified: false });
      expect((await attacker.gql("{ secretMessage }")).body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    });
  });
}
