// Threat: "Forgot password?" tells a stranger which addresses have an account, by its answer, by
// the work it does (timing), or by a slow mail server. An address with no account gets the same
// answer after the same database statements, and the mail is sent after the answer.
import { describe, expect, it } from "vitest";
import { createStoreCounters } from "../../packages/core/src/adapters/store-counters";
import { usePasswordResetRig, RESET_PAGE } from "../support/password-reset-rig";

describe("asking for a reset link", () => {
  const counters = createStoreCounters();
  const rig = usePasswordResetRig({ counters });

  const statementsFor = async (email: string, ip: string) => {
    const before = counters.statements;
    const answer = await rig.accounts.requestPasswordReset({ email, ip, resetUrl: RESET_PAGE });
    return { answer, statements: counters.statements - before };
  };

  it("answers an address with an account and one without alike, after as many statements", async () => {
    const { email } = await rig.newUser();
    const known = await statementsFor(email, "10.3.0.1");
    const unknown = await statementsFor("nobody-here@example.com", "10.3.0.2");
    expect(unknown.answer).toEqual({ ok: true });
    expect(known.answer).toEqual(unknown.answer);
    expect(unknown.statements).toBe(known.statements);

    await rig.mail.waitFor(email);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(rig.mail.sent.map((m) => m.to)).toEqual([email]);
  });

  it("answers before the mail server does, and a failing one changes nothing in the answer", async () => {
    const { email } = await rig.newUser();
    const slow = rig.mail.send;
    let release: () => void = () => {};
    rig.mail.send = () => new Promise<void>((_, reject) => (release = () => reject(new Error("mail server down"))));
    try {
      const answer = await Promise.race([
        rig.accounts.requestPasswordReset({ email, ip: "10.3.0.3", resetUrl: RESET_PAGE }),
        new Promise((resolve) => setTimeout(() => resolve("waited on the mail"), 5_000)),
      ]);
      expect(answer).toEqual({ ok: true });
    } finally {
      await new Promise((resolve) => setImmediate(resolve));
      release();
      rig.mail.send = slow;
    }
  });

  it("says what is wrong with an address that is not one, without looking it up", async () => {
    for (const email of ["not-an-address", "", 42, null, ["a@example.com"], { email: "a@example.com" }, `${"a".repeat(250)}@example.com`]) {
      expect(await rig.accounts.requestPasswordReset({ email, ip: "10.3.0.4", resetUrl: RESET_PAGE })).toEqual({ ok: false, code: "INVALID_INPUT", field: "email" });
    }
  });
});
