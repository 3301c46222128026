// Threat: one HTTP client multiplies its guesses at an SMS code, or uses one code twice, by
// sending verifyOtp many times at once (parallel requests) or many times in one request (aliases,
// fragments, several operations in a document), getting past the per-code attempt cap.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../support/app-server";
import { pendingBrowser, twoFactorAccount } from "./accounts";
import { stateBackends } from "./backends";
import { GraphQLBrowser, lit } from "./graphql-browser";

type Verify = { verifyOtp: { success: boolean; code: string | null; attemptsLeft: number | null } };

const wrongCodeFor = (code: string) => (code === "000000" ? "111111" : "000000");

describe.each(await stateBackends())("GraphQL code guessing ($name)", ({ env }) => {
  let app: AppServer;
  beforeAll(async () => {
    app = await startAppServer(env);
  });
  afterAll(async () => {
    await app?.stop();
  });

  /** The stage of the session a Set-Cookie header carries, read back through a new browser. */
  async function stageOf(setCookie: string): Promise<unknown> {
    const probe = new GraphQLBrowser(app.url);
    const [pair] = setCookie.split(";");
    probe.cookies.set("authjs.session-token", pair!.slice(pair!.indexOf("=") + 1));
    return (await probe.session())?.stage;
  }

  it("accepts the right code once when 20 requests send it at the same time", async () => {
    const account = await twoFactorAccount(app.url);
    const browser = await pendingBrowser(app.url, account);
    const code = await browser.latestCode(account.phone);

    const answers = await Promise.all(
      Array.from({ length: 20 }, () => browser.graphql<Verify>(`mutation { verifyOtp(otp: ${lit(code)}) { success code attemptsLeft } }`)),
    );
    // A loser that read the session before the winner finished gets the code's own refusal; one
    // that read it after finds the pending session already ended (the winner's sign-in replaced
    // it) and is refused as signed out. Neither passes, and nothing fails with a 5xx.
    for (const { status } of answers) expect(status).toBe(200);
    const winners = answers.filter((a) => a.body.data?.verifyOtp.success);
    expect(winners).toHaveLength(1);
    expect(winners[0]!.body.errors).toBeUndefined();
    for (const loser of answers.filter((a) => !a.body.data?.verifyOtp.success)) {
      const refusal = loser.body.data?.verifyOtp.code ?? loser.body.errors?.[0]?.extensions?.code;
      expect(refusal).toMatch(/^(NOT_FOUND|INVALID_CODE|CODE_EXPIRED|UNAUTHENTICATED)$/);
    }

    // Only the winner's response carries a full session; any other session cookie is still pending.
    const sessionCookies = (a: (typeof answers)[number]) =>
      a.response.headers.getSetCookie().filter((c) => c.startsWith("authjs.session-token="));
    const [full] = sessionCookies(winners[0]!);
    expect(await stageOf(full!)).toBe("full");
    for (const loser of answers.filter((a) => a !== winners[0])) {
      for (const cookie of sessionCookies(loser)) expect(await stageOf(cookie)).toBe("pending");
    }
  });

  it("refuses a document with 50 aliased verifyOtp before any of them counts", async () => {
    const account = await twoFactorAccount(app.url);
    const browser = await pendingBrowser(app.url, account);
    const code = await browser.latestCode(account.phone);
    const wrong = wrongCodeFor(code);

    // 49 wrong guesses and the right one last: more than the per-code cap of 5.
    const aliases = Array.from({ length: 50 }, (_, i) => `a${i}: verifyOtp(otp: ${lit(i === 49 ? code : wrong)}) { success }`);
    const aliased = await browser.graphql(`mutation { ${aliases.join(" ")} }`);
    expect(aliased.status).toBe(400);
    expect(aliased.body.data).toBeUndefined();
    // 50 fields is over the field budget too; either rule alone would refuse it.
    expect(aliased.body.errors?.map((e) => e.extensions?.code)).toContain("TOO_MANY_CODE_OPERATIONS");

    // Hidden in fragments, or in a second operation of the same document: refused all the same.
    for (const [query, operationName] of [
      [
        `fragment A on Mutation { a: verifyOtp(otp: ${lit(wrong)}) { success } }
         fragment B on Mutation { b: verifyOtp(otp: ${lit(code)}) { success } }
         mutation { ...A ...B }`,
        undefined,
      ],
      [
        `mutation One { verifyOtp(otp: ${lit(wrong)}) { success } }
         mutation Two { disableTwoFactorAuth(password: "x", otp: ${lit(code)}) { success } }`,
        "One",
      ],
    ] as const) {
      const { status, body } = await browser.graphql(query, undefined, operationName);
      expect(status).toBe(400);
      expect(body.errors?.[0]?.extensions?.code).toBe("TOO_MANY_CODE_OPERATIONS");
    }

    // Nothing was counted: the next wrong guess is the code's first.
    const first = await browser.graphql<Verify>(`mutation { verifyOtp(otp: ${lit(wrong)}) { success code attemptsLeft } }`);
    expect(first.body.data?.verifyOtp).toEqual({ success: false, code: "INVALID_CODE", attemptsLeft: 4 });

    // One field spread twice is merged by GraphQL and runs once: one more guess, not two.
    const spread = await browser.graphql<Verify>(
      `fragment V on Mutation { verifyOtp(otp: ${lit(wrong)}) { success code attemptsLeft } } mutation { ...V ...V }`,
    );
    expect(spread.body.data?.verifyOtp).toEqual({ success: false, code: "INVALID_CODE", attemptsLeft: 3 });

    expect((await browser.mutate("verifyOtp", `otp: ${lit(code)}`)).success).toBe(true);
    expect(await browser.session()).toMatchObject({ stage: "full" });
  });

  it("refuses two code sends in one document", async () => {
    const account = await twoFactorAccount(app.url);
    const browser = await pendingBrowser(app.url, account);
    const { status, body } = await browser.graphql(`mutation { a: requestOtp { success } b: requestOtp { success } }`);
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe("TOO_MANY_CODE_OPERATIONS");
  });

  it("kills a code after five wrong guesses", async () => {
    const account = await twoFactorAccount(app.url);
    const browser = await pendingBrowser(app.url, account);
    const code = await browser.latestCode(account.phone);
    const wrong = wrongCodeFor(code);
    const left: (number | null)[] = [];
    for (let i = 0; i < 5; i++) left.push((await browser.mutate("verifyOtp", `otp: ${lit(wrong)}`)).attemptsLeft);
    expect(left.slice(0, 4)).toEqual([4, 3, 2, 1]);
    expect(await browser.mutate("verifyOtp", `otp: ${lit(code)}`)).toMatchObject({ success: false });
    expect(await browser.session()).toMatchObject({ stage: "pending" });
  });
});
