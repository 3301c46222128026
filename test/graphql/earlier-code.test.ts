// Threat: a GraphQL client (a RedwoodJS or CedarJS web side) can't tell "you typed the code from
// before the resend" from "wrong code", so its user loses one of the new code's few attempts to
// an honest mistake, or the client breaks on an answer it doesn't know. verifyOtp answers the
// closed code EARLIER_CODE in the same MutationResult shape, attempts unchanged, and the earlier
// code never signs in.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorMessages, RESEND_COOLDOWN_SECONDS } from "@twostep/core";
import { startAppServer, type AppServer } from "../support/app-server";
import { pendingBrowser, twoFactorAccount } from "./accounts";
import { stateBackends } from "./backends";
import { lit } from "./graphql-browser";

describe.each(await stateBackends())("GraphQL verifyOtp with the code a resend replaced ($name)", ({ env }) => {
  let app: AppServer;
  beforeAll(async () => {
    app = await startAppServer(env);
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("answers EARLIER_CODE with the latest code's attempts untouched; only the latest code signs in", { timeout: 120_000 }, async () => {
    const account = await twoFactorAccount(app.url);
    const browser = await pendingBrowser(app.url, account);
    const earlier = await browser.latestCode(account.phone);
    // The resend cooldown of the sign-in's first code, waited out as a person would.
    await new Promise((resolve) => setTimeout(resolve, (RESEND_COOLDOWN_SECONDS + 1) * 1000));
    expect(await browser.mutate("requestOtp")).toMatchObject({ success: true });
    const latest = await browser.latestCode(account.phone);
    expect(latest).not.toBe(earlier);

    for (let i = 0; i < 2; i++) {
      expect(await browser.mutate("verifyOtp", `otp: ${lit(earlier)}`)).toEqual({
        success: false,
        message: `${errorMessages.EARLIER_CODE} 5 attempts left.`,
        code: "EARLIER_CODE",
        retryAfterSeconds: null,
        attemptsLeft: 5,
        backupCodes: null,
      });
    }
    expect(await browser.mutate("verifyOtp", `otp: ${lit(latest)}`)).toMatchObject({ success: true, code: null });
    expect(await browser.session()).toMatchObject({ stage: "full" });
  });
});
