// Threat: in a multi-instance deployment, state kept in one process (a session, a live code, its
// single use, a resend cooldown, a send cap, the outbox) would let a client sign in half-way on one
// instance and not be recognised on another, use one code twice, or get past a limit, simply by
// spreading its requests over the instances behind the load balancer.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pendingBrowser, signedUpBrowser, twoFactorAccount } from "../graphql/accounts";
import { lit, type GraphQLBrowser } from "../graphql/graphql-browser";
import { OUTBOX_TOKEN_HEADER, startAppServer, TEST_OUTBOX_TOKEN, type AppServer } from "../support/app-server";
import { randomPhone } from "../support/fixtures";
import { createFreshDatabase } from "../support/fresh-database";
import { postgresAvailable, redisAvailable, TEST_REDIS_URL } from "../support/services";
import { ENROLLMENT_SENDS_PER_PHONE_PER_HOUR, RESEND_COOLDOWN_SECONDS } from "@twostep/core";
import { sameBrowserOn } from "./same-browser";

type Verify = { verifyOtp: { success: boolean; code: string | null } };

/**
 * What every instance of one deployment must share (docs/deployment.md): the database, the state
 * store, and both secrets. startAppServer would otherwise give each server secrets of its own.
 * The SMS budgets are raised because Redis keys are shared with other test runs; the per-user,
 * per-phone, per-IP and cooldown limits under test keep their real values.
 */
const sharedEnv = {
  AUTH_SECRET: randomBytes(32).toString("base64url"),
  CODE_HASH_KEY: randomBytes(32).toString("base64url"),
  TOTP_ENCRYPTION_KEY: randomBytes(32).toString("base64url"),
  SMS_PROVIDER: "outbox",
  SMS_GLOBAL_HOURLY_BUDGET: "1000000",
  SMS_COUNTRY_HOURLY_BUDGET: "1000000",
  SMS_GLOBAL_DAILY_BUDGET: "1000000",
  SMS_PUMPING_MIN_CONVERSION_PERCENT: "0",
};

const postgresUp = await postgresAvailable();
const deployments = [
  { name: "PostgreSQL + Redis", run: postgresUp && (await redisAvailable()), env: { REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: `twostep-test-two-${Date.now()}` } },
  { name: "PostgreSQL only, state in SQL", run: postgresUp, env: {} },
];

describe.each(deployments)("two app instances, one store ($name)", ({ run, env }) => {
  let a: AppServer;
  let b: AppServer;
  let dropDatabase: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    if (!run) return;
    const fresh = await createFreshDatabase();
    dropDatabase = fresh.drop;
    // Started together on an empty database: both migrate at start-up, one waits on the other's
    // advisory lock. Each has its own port and APP_ORIGIN, as instances behind a balancer do.
    [a, b] = await Promise.all([
      startAppServer({ ...sharedEnv, ...env, DATABASE_URL: fresh.url }),
      startAppServer({ ...sharedEnv, ...env, DATABASE_URL: fresh.url }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await dropDatabase?.();
  });

  it.runIf(run)("signs in with the password on A and finishes with the SMS code on B", async () => {
    const account = await twoFactorAccount(a.url);
    const onA = await pendingBrowser(a.url, account);
    const onB = sameBrowserOn(onA, b.url);

    // B reads A's session cookie: same AUTH_SECRET, same cookie name.
    expect(await onB.session()).toMatchObject({ stage: "pending" });
    expect((await onB.me()).body.data?.me).toMatchObject({ email: account.email, twoFactorVerified: false });

    // A sent the code; B finds it in the shared outbox and accepts it.
    const code = await onB.latestCode(account.phone);
    expect(await onB.mutate("verifyOtp", `otp: ${lit(code)}`)).toMatchObject({ success: true });

    for (const browser of [onA, onB]) {
      expect(await browser.session()).toMatchObject({ stage: "full" });
      expect((await browser.me()).body.data?.me).toEqual({
        email: account.email,
        phoneHint: `•••• ${account.phone.slice(-4)}`,
        twoFactorEnabled: true,
        twoFactorVerified: true,
      });
    }
  });

  it.runIf(run)("accepts the right code once when 20 requests send it to both instances at once", async () => {
    const account = await twoFactorAccount(a.url);
    const onA = await pendingBrowser(a.url, account);
    const code = await onA.latestCode(account.phone);
    const instances: GraphQLBrowser[] = [onA, sameBrowserOn(onA, b.url)];

    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        instances[i % 2]!.graphql<Verify>(`mutation { verifyOtp(otp: ${lit(code)}) { success code } }`),
      ),
    );
    // A loser that read the session after the winner replaced it is refused as signed out.
    for (const { status } of answers) expect(status).toBe(200);
    const outcomes = answers.map((answer) => ({
      success: answer.body.data?.verifyOtp.success ?? false,
      code: answer.body.data?.verifyOtp.code ?? answer.body.errors?.[0]?.extensions?.code,
    }));
    expect(outcomes.filter((o) => o.success)).toHaveLength(1);
    for (const loser of outcomes.filter((o) => !o.success)) {
      expect(loser.code).toMatch(/^(NOT_FOUND|INVALID_CODE|CODE_EXPIRED|UNAUTHENTICATED)$/);
    }
  });

  it.runIf(run)("holds the resend cooldown across instances", async () => {
    const account = await twoFactorAccount(a.url);
    // The password step on A sends the first sign-in code and starts the cooldown.
    const onA = await pendingBrowser(a.url, account);
    const onB = sameBrowserOn(onA, b.url);

    for (const browser of [onB, onA, onB]) {
      const resend = await browser.mutate("requestOtp");
      expect(resend).toMatchObject({ success: false, code: "RATE_LIMITED" });
      expect(resend.retryAfterSeconds).toBeGreaterThan(0);
      expect(resend.retryAfterSeconds).toBeLessThanOrEqual(RESEND_COOLDOWN_SECONDS);
    }
    // Nothing was sent past the first code.
    const outbox = (await (await onB.fetch(`/api/dev/outbox?to=${encodeURIComponent(account.phone)}`)).json()) as {
      messages: unknown[];
    };
    // Enrollment code (sent by A during set-up) and the sign-in code.
    expect(outbox.messages).toHaveLength(2);
  });

  it.runIf(run)("holds the per-number enrollment cap across instances", async () => {
    const phone = randomPhone();
    const results = [];
    // Users of their own (so the per-user cap and the cooldown are not what stops them), each in
    // a browser with its own client address (so the per-IP cap is not either), alternating A and B.
    for (let i = 0; i <= ENROLLMENT_SENDS_PER_PHONE_PER_HOUR; i++) {
      const { browser } = await signedUpBrowser(i % 2 === 0 ? a.url : b.url);
      results.push(await browser.mutate("setPhoneNumber", `phoneNumber: ${lit(phone)}`));
    }
    expect(results.slice(0, ENROLLMENT_SENDS_PER_PHONE_PER_HOUR).every((r) => r.success)).toBe(true);
    expect(results[ENROLLMENT_SENDS_PER_PHONE_PER_HOUR]).toMatchObject({ success: false, code: "RATE_LIMITED" });
    expect(results[ENROLLMENT_SENDS_PER_PHONE_PER_HOUR]!.retryAfterSeconds).toBeGreaterThan(0);

    const res = await fetch(`${a.url}/api/dev/outbox?to=${encodeURIComponent(phone)}`, { headers: { [OUTBOX_TOKEN_HEADER]: TEST_OUTBOX_TOKEN } });
    const { messages } = (await res.json()) as { messages: unknown[] };
    expect(messages).toHaveLength(ENROLLMENT_SENDS_PER_PHONE_PER_HOUR);
  });

  it.runIf(run)("shares the outbox: a code sent through A is read and accepted through B", async () => {
    const { browser: onA, account } = await signedUpBrowser(a.url);
    const onB = sameBrowserOn(onA, b.url);
    expect(await onA.mutate("setPhoneNumber", `phoneNumber: ${lit(account.phone)}`)).toMatchObject({ success: true });

    const readOnB = await onB.latestCode(account.phone);
    expect(readOnB).toBe(await onA.latestCode(account.phone));
    expect(await onB.mutate("verifyOtp", `otp: ${lit(readOnB)}`)).toMatchObject({ success: true });
    expect((await onA.me()).body.data?.me?.phoneHint).toBe(`•••• ${account.phone.slice(-4)}`);
  });
});
