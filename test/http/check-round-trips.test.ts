// Threat: a login wave or a credential-stuffing burst costs the stores more per code check than
// the check needs, so the service falls over exactly when it is most needed. The budget counted
// here (TWOSTEP_BENCH_COUNTERS=1; the same counters `npm run bench:http` reads) is: reading the
// session, then ONE atomic store operation that holds the per-IP window, the check and its audit
// event, whether the guess is wrong or right. Anything more per request shows up as a failure.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../support/app-server";
import { pendingBrowser, twoFactorAccount } from "../graphql/accounts";
import { lit } from "../graphql/graphql-browser";
import { callAction } from "./support/server-actions";
import { postgresAvailable, redisAvailable, TEST_REDIS_URL } from "../support/services";

type Counters = { statements: number; transactions: number; redisCommands: number };

const backends = [
  { name: "PostgreSQL", env: {} as Record<string, string>, needsRedis: false },
  { name: "PostgreSQL + Redis", env: { REDIS_URL: TEST_REDIS_URL }, needsRedis: true },
];

describe.each(backends)("store round trips of one code check ($name)", ({ env, needsRedis }) => {
  let app: AppServer | undefined;
  beforeAll(async () => {
    if (!(await postgresAvailable()) || (needsRedis && !(await redisAvailable()))) return;
    app = await startAppServer({ ...env, TWOSTEP_BENCH_COUNTERS: "1", SMS_GLOBAL_HOURLY_BUDGET: "1000000" }, { freshPostgres: true });
  });
  afterAll(async () => {
    await app?.stop();
  });

  async function counted<T>(run: () => Promise<T>): Promise<{ result: T; used: Counters }> {
    const read = async () => (await (await fetch(`${app!.url}/api/bench/counters`)).json()) as Counters;
    const before = await read();
    const result = await run();
    const after = await read();
    return {
      result,
      used: {
        statements: after.statements - before.statements,
        transactions: after.transactions - before.transactions,
        redisCommands: after.redisCommands - before.redisCommands,
      },
    };
  }

  it("measures a wrong and a right guess through GraphQL verifyOtp", async (context) => {
    if (!app) return context.skip();
    const account = await twoFactorAccount(app.url);
    const browser = await pendingBrowser(app.url, account);
    const code = await browser.latestCode(account.phone);
    const wrong = code === "000000" ? "111111" : "000000";

    const wrongGuess = await counted(() => browser.mutate("verifyOtp", `otp: ${lit(wrong)}`));
    expect(wrongGuess.result).toMatchObject({ success: false, code: "INVALID_CODE" });
    const rightGuess = await counted(() => browser.mutate("verifyOtp", `otp: ${lit(code)}`));
    expect(rightGuess.result).toMatchObject({ success: true });
    console.log(JSON.stringify({ wrong: wrongGuess.used, right: rightGuess.used }));
  });

  it("measures a wrong and a right guess through the /verify page's server action", async (context) => {
    if (!app) return context.skip();
    const account = await twoFactorAccount(app.url);
    const browser = await pendingBrowser(app.url, account);
    const code = await browser.latestCode(account.phone);
    const wrong = code === "000000" ? "111111" : "000000";

    const wrongGuess = await counted(() => callAction(browser, "/verify", "verifySignInCodeAction", { code: wrong }));
    expect(wrongGuess.result.result).toMatchObject({ status: "error", code: "INVALID_CODE" });
    const rightGuess = await counted(() => callAction(browser, "/verify", "verifySignInCodeAction", { code }));
    expect(rightGuess.result.redirect).toMatch(/\/dashboard/);
    console.log(JSON.stringify({ wrong: wrongGuess.used, right: rightGuess.used }));
  });
});
