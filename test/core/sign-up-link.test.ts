// Threat: a sign-up link reaches someone other than the person who asked (a typo in the address,
// or a stranger who signed up with the victim's address to take the account over once the victim
// uses it). The link alone creates nothing: the account is made only with the password chosen at
// sign-up, a handful of guesses at it spend the link, a link works once (also when two tabs use it
// at the same moment), and not after it expires.
import { describe, expect, it } from "vitest";
import { SIGN_UP_CONFIRMS_PER_LINK, SIGN_UP_LINK_MINUTES } from "@twostep/core/accounts";
import { sql } from "drizzle-orm";
import { queryRows } from "@twostep/core/sql";
import { usePasswordResetRig, SIGN_IN_PAGE, SIGN_UP_PAGE, signUpTokenFromMail } from "../support/password-reset-rig";

const PASSWORD = "the one chosen at sign-up";

describe("a sign-up link", () => {
  const rig = usePasswordResetRig();

  let n = 0;
  /** Asks to sign up `email` with `password` and returns the link's token, read from the mail. */
  async function linkFor(email: string, password = PASSWORD, ip = `10.5.${++n}.1`): Promise<string> {
    const before = rig.mail.sent.filter((m) => m.to === email).length;
    const answer = await rig.accounts.requestSignUp({ email, password, ip, confirmUrl: SIGN_UP_PAGE, signInUrl: SIGN_IN_PAGE });
    if (!answer.ok) throw new Error(`sign-up refused: ${answer.code}`);
    const token = signUpTokenFromMail(await rig.mail.waitFor(email, before + 1));
    if (!token) throw new Error("the mail holds no sign-up link");
    return token;
  }
  const newEmail = () => `link${++n}-${Date.now()}@example.com`;
  const signsIn = async (email: string, password: string) =>
    (await rig.accounts.authenticate({ email, password, ip: "10.5.0.9" })).ok;

  it("makes the account with the password chosen at sign-up, and signs in with it", async () => {
    const email = newEmail();
    const token = await linkFor(email);
    expect(await rig.accounts.checkSignUpLink({ token })).toEqual({ ok: true, email });
    const made = await rig.accounts.confirmSignUp({ token, password: PASSWORD, ip: "10.5.0.1" });
    expect(made).toMatchObject({ ok: true, user: { email } });
    expect(await signsIn(email, PASSWORD)).toBe(true);
    const log = await rig.audit.recentForUser(made.ok ? made.user.id : "", 10);
    expect(log.map((e) => e.type)).toContain("account.created");
  });

  it("creates nothing for whoever opens the link without that password, and a few guesses spend it", async () => {
    const email = newEmail();
    const token = await linkFor(email, "the stranger's own password");
    for (let i = 0; i < SIGN_UP_CONFIRMS_PER_LINK; i++) {
      expect(await rig.accounts.confirmSignUp({ token, password: `guess number ${i}`, ip: `10.6.${i}.1` })).toEqual({ ok: false, code: "INVALID_CREDENTIALS" });
    }
    expect(await rig.accounts.confirmSignUp({ token, password: "the stranger's own password", ip: "10.6.9.1" })).toMatchObject({ ok: false, code: "RATE_LIMITED" });
    expect(await signsIn(email, "the stranger's own password")).toBe(false);
    // The owner of the address can still sign up with a link of their own.
    const own = await linkFor(email, PASSWORD);
    expect(await rig.accounts.confirmSignUp({ token: own, password: PASSWORD, ip: "10.6.10.1" })).toMatchObject({ ok: true });
  });

  it("works once, even for two uses at the same moment, and spends the address's other links", async () => {
    const email = newEmail();
    const first = await linkFor(email);
    const second = await linkFor(email, "another password here");
    const answers = await Promise.all([
      rig.accounts.confirmSignUp({ token: first, password: PASSWORD, ip: "10.7.0.1" }),
      rig.accounts.confirmSignUp({ token: first, password: PASSWORD, ip: "10.7.0.2" }),
    ]);
    expect(answers.filter((a) => a.ok)).toHaveLength(1);
    expect(answers.filter((a) => !a.ok)).toEqual([{ ok: false, code: "SIGN_UP_LINK_INVALID" }]);
    expect(await rig.accounts.confirmSignUp({ token: second, password: "another password here", ip: "10.7.0.3" })).toEqual({ ok: false, code: "SIGN_UP_LINK_INVALID" });
    expect(await rig.accounts.checkSignUpLink({ token: first })).toEqual({ ok: false, code: "SIGN_UP_LINK_INVALID" });
    expect(await signsIn(email, "another password here")).toBe(false);
  });

  it("does not work after it expires, nor in any other shape", async () => {
    const email = newEmail();
    const token = await linkFor(email);
    rig.clock.advance(SIGN_UP_LINK_MINUTES * 60_000 + 1);
    expect(await rig.accounts.checkSignUpLink({ token })).toEqual({ ok: false, code: "SIGN_UP_LINK_INVALID" });
    expect(await rig.accounts.confirmSignUp({ token, password: PASSWORD, ip: "10.8.0.1" })).toEqual({ ok: false, code: "SIGN_UP_LINK_INVALID" });
    for (const shape of ["", "short", 42, null, { token }, [token], `${token}x`]) {
      expect(await rig.accounts.confirmSignUp({ token: shape, password: PASSWORD, ip: "10.8.0.2" })).toEqual({ ok: false, code: "SIGN_UP_LINK_INVALID" });
    }
    expect(await signsIn(email, PASSWORD)).toBe(false);
  });

  it("leaves no expired request behind: the next sign-up, of any address, deletes it (address and password hash)", async () => {
    const email = newEmail();
    await linkFor(email);
    const rowsOf = async (address: string) =>
      (await queryRows<{ n: number }>(rig.db, sql`SELECT count(*)::int AS n FROM sign_up_requests WHERE email = ${address}`))[0]!.n;
    expect(await rowsOf(email)).toBe(1);
    rig.clock.advance(SIGN_UP_LINK_MINUTES * 60_000 + 1);
    await linkFor(newEmail());
    expect(await rowsOf(email)).toBe(0);
  });
});
