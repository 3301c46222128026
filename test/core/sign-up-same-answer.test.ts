// Threat: the sign-up form tells a stranger which addresses have an account, by its answer, by
// the work it does (statements, password hashing), or by a slow mail server. An address with an
// account gets the same answer after the same statements; only its inbox learns the difference
// (a mail saying the account exists, with no link), and the mail is sent after the answer.
import { describe, expect, it } from "vitest";
import { createStoreCounters } from "../../packages/core/src/adapters/store-counters";
import { usePasswordResetRig, SIGN_IN_PAGE, SIGN_UP_PAGE, signUpTokenFromMail } from "../support/password-reset-rig";

const PASSWORD = "a new and fine passphrase";

describe("asking to sign up", () => {
  const counters = createStoreCounters();
  const rig = usePasswordResetRig({ counters });

  const request = (email: unknown, ip: string, password: unknown = PASSWORD) =>
    rig.accounts.requestSignUp({ email, password, ip, confirmUrl: SIGN_UP_PAGE, signInUrl: SIGN_IN_PAGE });

  const statementsFor = async (email: string, ip: string) => {
    const before = counters.statements;
    const answer = await request(email, ip);
    return { answer, statements: counters.statements - before };
  };

  it("answers an address with an account and a new one alike, after as many statements; only the inboxes differ", async () => {
    const { email: taken } = await rig.newUser();
    const fresh = `fresh-${Date.now()}@example.com`;
    const known = await statementsFor(taken, "10.4.0.1");
    const unknown = await statementsFor(fresh, "10.4.0.2");
    expect(unknown.answer).toEqual({ ok: true, email: fresh });
    expect(known.answer).toEqual({ ok: true, email: taken });
    expect(unknown.statements).toBe(known.statements);

    const toOwner = await rig.mail.waitFor(taken);
    expect(toOwner.subject).toMatch(/already have/);
    expect(signUpTokenFromMail(toOwner)).toBeNull();
    expect(toOwner.text).toContain(SIGN_IN_PAGE);
    const toNewcomer = await rig.mail.waitFor(fresh);
    expect(signUpTokenFromMail(toNewcomer)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Nothing was created for the new address until its link is used.
    expect(await rig.accounts.authenticate({ email: fresh, password: PASSWORD, ip: "10.4.0.2" })).toMatchObject({ ok: false, code: "INVALID_CREDENTIALS" });
  });

  it("answers before the mail server does, and a failing one changes nothing in the answer", async () => {
    const { email } = await rig.newUser();
    const working = rig.mail.send;
    let release: () => void = () => {};
    rig.mail.send = () => new Promise<void>((_, reject) => (release = () => reject(new Error("mail server down"))));
    try {
      const answer = await Promise.race([request(email, "10.4.0.3"), new Promise((resolve) => setTimeout(() => resolve("waited on the mail"), 5_000))]);
      expect(answer).toEqual({ ok: true, email });
    } finally {
      await new Promise((resolve) => setImmediate(resolve));
      release();
      rig.mail.send = working;
    }
  });

  it("says which field is wrong, and a common password is refused for either kind of address", async () => {
    const { email: taken } = await rig.newUser();
    expect(await request("not-an-address", "10.4.0.4")).toEqual({ ok: false, code: "INVALID_INPUT", field: "email" });
    expect(await request(`short-${Date.now()}@example.com`, "10.4.0.4", "short")).toEqual({ ok: false, code: "INVALID_INPUT", field: "password" });
    expect(await request(taken, "10.4.0.5", "password123")).toEqual({ ok: false, code: "COMMON_PASSWORD", field: "password" });
    expect(await request(`new-${Date.now()}@example.com`, "10.4.0.5", "password123")).toEqual({ ok: false, code: "COMMON_PASSWORD", field: "password" });
  });
});
