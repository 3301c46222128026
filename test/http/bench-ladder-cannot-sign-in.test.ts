// Threat: the benchmark's ladder route (src/app/api/bench/ladder, on only with
// TWOSTEP_BENCH_COUNTERS=1) runs the core's code check outside GraphQL and the server actions,
// and through a second instance of GraphQL's own server (its yoga step).
// It must not become a second way in: a guess there never makes the session full (not even the
// right code), it counts against the code like any guess (no free guesses beside the five), and it is
// answered only on a server started for the bench, as is the floor's one-row write. Bad bodies and
// unknown steps get a 4xx.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LADDER_STEPS } from "@/server/bench-ladder-steps";
import { CSRF_HEADER } from "@twostep/graphql";
import { startAppServer, type AppServer } from "../support/app-server";
import { pendingBrowser, twoFactorAccount } from "../graphql/accounts";
import { lit } from "../graphql/graphql-browser";
import { postgresAvailable } from "../support/services";

describe("the bench ladder's check step spends a guess and never finishes a sign-in", async () => {
  const run = await postgresAvailable();
  let app: AppServer | undefined;
  beforeAll(async () => {
    if (run) app = await startAppServer({ TWOSTEP_BENCH_COUNTERS: "1" }, { freshPostgres: true });
  });
  afterAll(() => app?.stop());

  async function pendingSignIn() {
    const account = await twoFactorAccount(app!.url);
    const browser = await pendingBrowser(app!.url, account);
    return { browser, code: await browser.latestCode(account.phone) };
  }

  const climb = (browser: Awaited<ReturnType<typeof pendingSignIn>>["browser"], step: string, body: string) =>
    browser.fetch("/api/bench/ladder", { method: "POST", headers: { "content-type": "application/json", "x-bench-step": step }, body });

  const guess = async (browser: Awaited<ReturnType<typeof pendingSignIn>>["browser"], code: string) => {
    const response = await climb(browser, "check", JSON.stringify({ code }));
    expect(response.status).toBe(200);
    return ((await response.json()) as { data: { verifyOtp: { success: boolean; code?: string; attemptsLeft?: number } } }).data.verifyOtp;
  };

  it.runIf(run)("the right code on the ladder is spent, and the session stays pending", async () => {
    const { browser, code } = await pendingSignIn();
    expect(await guess(browser, code)).toMatchObject({ success: true });

    expect((await browser.me()).body.data?.me?.twoFactorVerified).toBe(false);
    // Spent: the same code through GraphQL no longer signs in.
    expect(await browser.mutate("verifyOtp", `otp: ${lit(code)}`)).toMatchObject({ success: false });
    expect((await browser.me()).body.data?.me?.twoFactorVerified).toBe(false);
  });

  it.runIf(run)("the right code through the ladder's yoga server is spent too, and the session stays pending", async () => {
    const { browser, code } = await pendingSignIn();
    const response = await browser.fetch("/api/bench/ladder", {
      method: "POST",
      headers: { "content-type": "application/json", "x-bench-step": "yoga", [CSRF_HEADER]: "1" },
      body: JSON.stringify({ query: `mutation { verifyOtp(otp: ${lit(code)}) { success } }` }),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { data: { verifyOtp: { success: boolean } } }).data.verifyOtp).toEqual({ success: true });

    expect((await browser.me()).body.data?.me?.twoFactorVerified).toBe(false);
    expect(await browser.mutate("verifyOtp", `otp: ${lit(code)}`)).toMatchObject({ success: false });
    expect((await browser.me()).body.data?.me?.twoFactorVerified).toBe(false);
  });

  it.runIf(run)("a wrong guess on the ladder counts against the code like any other", async () => {
    const { browser, code } = await pendingSignIn();
    const wrong = code === "000000" ? "111111" : "000000";
    expect(await guess(browser, wrong)).toMatchObject({ success: false, code: "INVALID_CODE", attemptsLeft: 4 });
    expect(await browser.mutate("verifyOtp", `otp: ${lit(wrong)}`)).toMatchObject({ attemptsLeft: 3 });
    expect(await browser.mutate("verifyOtp", `otp: ${lit(code)}`)).toMatchObject({ success: true });
  });

  it.runIf(run)("a body that is not JSON is a 400, and a step that isn't one a 404", async () => {
    const { browser } = await pendingSignIn();
    expect((await climb(browser, "check", "{not json")).status).toBe(400);
    expect((await climb(browser, "upgrade", "{}")).status).toBe(404);
    expect((await climb(browser, "", "{}")).status).toBe(404);
  });
});

describe("without TWOSTEP_BENCH_COUNTERS the bench routes are not there", async () => {
  const run = await postgresAvailable();
  let app: AppServer | undefined;
  beforeAll(async () => {
    if (run) app = await startAppServer({}, { freshPostgres: true });
  });
  afterAll(() => app?.stop());

  it.runIf(run)("every step answers 404 and checks nothing", async () => {
    const account = await twoFactorAccount(app!.url);
    const browser = await pendingBrowser(app!.url, account);
    for (const step of LADDER_STEPS) {
      const response = await browser.fetch("/api/bench/ladder", { method: "POST", headers: { "content-type": "application/json", "x-bench-step": step }, body: "{}" });
      expect(response.status).toBe(404);
    }
    const code = await browser.latestCode(account.phone);
    // No guess was spent: the first wrong one through GraphQL leaves four.
    expect(await browser.mutate("verifyOtp", `otp: ${lit(code === "000000" ? "111111" : "000000")}`)).toMatchObject({ attemptsLeft: 4 });
  });

  it.runIf(run)("the floor's one-row write answers 404 too", async () => {
    const response = await fetch(`${app!.url}/api/bench/update-floor`, { method: "POST", headers: { "x-bench-row": "anyone" }, body: "{}" });
    expect(response.status).toBe(404);
  });
});
