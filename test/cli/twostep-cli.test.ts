// Behaviour: from outside the running app, `npm run twostep` shows an operator the SMS-pumping
// guard's budgets, conversion and pauses, and lifts a pause for every instance; bad usage, bad
// config or an embedded database that a server holds stop it with a clear message and exit code.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTwoStepFromConfig, loadConfig, type TwoStep } from "@twostep/core/env";
import { auditEvents, smsCountryPauses } from "../../packages/core/src/adapters/sql/schema";
import { openDatabase } from "@twostep/core/sql";
import { createLogger } from "@twostep/core";
import { createFreshDatabase } from "../support/fresh-database";
import { randomIp, randomPhone, randomUserId } from "../support/fixtures";
import { randomMobile } from "../support/mobiles";
import { latestOutboxCode } from "../support/outbox-codes";
import { freshPgliteDataDir } from "../support/pglite-template";
import { postgresAvailable } from "../support/services";

/** Each run compiles the CLI and opens the database: seconds each on a busy machine. */
const CLI_TIMEOUT_MS = 90_000;

type CliRun = { code: number | null; stdout: string; stderr: string };

/** Runs the real CLI (`npm run twostep -- …` is `tsx scripts/twostep-cli.ts …`) with only `env`. */
function cli(args: string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join("node_modules", ".bin", "tsx"), ["--conditions=@twostep/source", "scripts/twostep-cli.ts", ...args], {
      cwd: process.cwd(),
      // Only what is given: nothing leaks in from the test run's own environment.
      env: { NODE_ENV: "test", PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? os.tmpdir(), ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), CLI_TIMEOUT_MS - 5_000);
    child.once("error", reject);
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const envFor = (dataDir: string, extra: Record<string, string> = {}) => ({
  NODE_ENV: "test",
  DATA_DIR: dataDir,
  SMS_PROVIDER: "outbox",
  SMS_ALLOWED_COUNTRIES: "US,GB,FR",
  SMS_PUMPING_MIN_SENDS: "5",
  SMS_COUNTRY_HOURLY_BUDGETS: "33:50",
  ...extra,
});

describe("npm run twostep, against the app's PostgreSQL", async () => {
  const run = await postgresAvailable();
  let fresh: Awaited<ReturnType<typeof createFreshDatabase>>;
  let dataDir: string;
  let env: Record<string, string>;
  let app: TwoStep;

  const send = (phone: string) => {
    const actor = { userId: randomUserId(), purpose: "sign_in" as const, ip: randomIp() };
    return app.challenges.start({ ...actor, phone }).then((result) => ({ actor, phone, result }));
  };

  beforeAll(async () => {
    if (!run) return;
    fresh = await createFreshDatabase();
    dataDir = mkdtempSync(path.join(os.tmpdir(), "twostep-cli-"));
    env = envFor(dataDir, { DATABASE_URL: fresh.url });
    // The app, running: five codes to France that nobody types in pause it; the US converts.
    app = await createTwoStepFromConfig(loadConfig(env), { logger: createLogger({ level: "silent" }) });
    for (let i = 0; i < 5; i++) expect((await send(randomMobile("FR"))).result).toMatchObject({ ok: true });
    const us = await send(randomPhone());
    await app.challenges.verify({ ...us.actor, code: await latestOutboxCode(app.smsLog, us.phone) });
    await send(randomPhone());
    expect((await send(randomMobile("FR"))).result).toEqual({ ok: false, code: "COUNTRY_PAUSED", retryAfterSeconds: expect.any(Number) });
  });

  afterAll(async () => {
    if (!run) return;
    await app.close();
    await fresh.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.runIf(run)("status --json reports budgets, conversion and the pause", { timeout: CLI_TIMEOUT_MS }, async () => {
    const status = await cli(["status", "--json"], env);
    expect(status).toMatchObject({ code: 0 });
    const report = JSON.parse(status.stdout) as {
      globalDaily: { used: number; budget: number };
      countries: { callingCode: string; regions: string[]; hourlyBudget: object; conversion: object; pause: object | null }[];
      paused: { callingCode: string; reason: string }[];
    };
    expect(report.globalDaily).toMatchObject({ budget: 5000, used: 7 });
    const country = (code: string) => report.countries.find((c) => c.callingCode === code);
    expect(country("33")).toMatchObject({
      regions: ["FR"],
      hourlyBudget: { budget: 50, used: 5, left: 45 },
      conversion: { sent: 5, verified: 0, percent: 0, judged: true },
      pause: { callingCode: "33" },
    });
    expect(country("1")).toMatchObject({ regions: ["US"], hourlyBudget: { budget: 100, used: 2 }, conversion: { sent: 2, verified: 1, percent: 50 }, pause: null });
    expect(country("44")).toMatchObject({ hourlyBudget: { used: 0, left: 100 }, conversion: { sent: 0, percent: null }, pause: null });
    expect(report.paused).toEqual([expect.objectContaining({ callingCode: "33", reason: expect.stringMatching(/^conversion 0% \(0 of 5 codes/) })]);
  });

  it.runIf(run)("status and paused say the same in words", { timeout: CLI_TIMEOUT_MS }, async () => {
    const status = await cli(["status"], env);
    expect(status).toMatchObject({ code: 0 });
    expect(status.stdout).toContain("Global daily budget: 7 of 5000 used, 4993 left");
    expect(status.stdout).toMatch(/^\+33\s+FR\s+5\/50\s+45\s+5\s+0\s+0%\s+PAUSED until /m);
    expect(status.stdout).toMatch(/^\+1\s+US\s+2\/100\s+98\s+2\s+1\s+50% \(too few to judge\)\s+sending$/m);
    const paused = await cli(["paused"], env);
    expect(paused).toMatchObject({ code: 0 });
    expect(paused.stdout).toMatch(/^ {2}\+33 until .* UTC \(\d+ (minutes?|hour) left\), since .* UTC$/m);
    expect(paused.stdout).toMatch(/why: conversion 0% \(0 of 5 codes verified in the last 60 min\) is below 20%/);
    expect(paused.stdout).toContain("lift: npm run twostep -- resume 33");
  });

  it.runIf(run)("resume lifts the pause for the running app, in the database and the audit log", { timeout: CLI_TIMEOUT_MS }, async () => {
    const resumed = await cli(["resume", "+33"], env);
    expect(resumed).toMatchObject({ code: 0 });
    expect(resumed.stdout).toMatch(/^Lifted the pause on \+33/);

    const [row] = await app.db.select().from(smsCountryPauses).where(eq(smsCountryPauses.callingCode, "33"));
    expect(row?.liftedAt).toBeInstanceOf(Date);
    expect(row!.pausedUntil.getTime()).toBeLessThanOrEqual(Date.now());
    const events = await app.db.select().from(auditEvents).where(eq(auditEvents.type, "sms.country_resumed"));
    expect(events).toEqual([expect.objectContaining({ userId: null, detail: expect.objectContaining({ callingCode: "33", by: expect.stringMatching(/^cli \(/) }) })]);
    expect((await send(randomMobile("FR"))).result).toMatchObject({ ok: true });

    const paused = await cli(["paused", "--json"], env);
    expect(paused).toMatchObject({ code: 0 });
    expect(JSON.parse(paused.stdout)).toEqual([]);
    const again = await cli(["resume", "33", "--json"], env);
    expect(again).toMatchObject({ code: 0 });
    expect(JSON.parse(again.stdout)).toEqual({ callingCode: "33", resumed: false });
  });

  it.runIf(run)("refuses bad config with the variable named, exit 1", { timeout: CLI_TIMEOUT_MS }, async () => {
    const bad = await cli(["status"], { ...env, SMS_COUNTRY_HOURLY_BUDGETS: "44=10" });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/SMS_COUNTRY_HOURLY_BUDGETS.*callingCode:budget/);
    expect(bad.stdout).toBe("");
  });
});

describe("npm run twostep, usage and the embedded database", () => {
  it("explains bad usage on stderr and exits 2; help exits 0", { timeout: CLI_TIMEOUT_MS }, async () => {
    const env = envFor(os.tmpdir());
    const cases: [string[], RegExp][] = [
      [[], /no command given/],
      [["frobnicate"], /unknown command "frobnicate"/],
      [["resume"], /resume takes one country calling code/],
      [["resume", "999"], /999 is not a country calling code/],
      [["status", "--verbose"], /unknown option --verbose/],
      [["paused", "33"], /paused takes no arguments/],
    ];
    const runs = await Promise.all(cases.map(([args]) => cli(args, env)));
    runs.forEach((result, i) => {
      expect(result.code, cases[i]![0].join(" ")).toBe(2);
      expect(result.stderr).toMatch(cases[i]![1]);
      expect(result.stderr).toContain("Usage: npm run twostep -- <command>");
    });
    const help = await cli(["help"], env);
    expect(help).toMatchObject({ code: 0, stderr: "" });
    expect(help.stdout).toMatch(/^Usage: npm run twostep -- <command>/);
  });

  it("won't open an embedded database a running process holds, and says which; works once it is free", { timeout: CLI_TIMEOUT_MS }, async () => {
    const dataDir = await freshPgliteDataDir();
    const env = envFor(dataDir);
    // This test process plays the dev server: it holds the folder open.
    const server = await openDatabase({ pgliteDir: path.join(dataDir, "pglite") });
    try {
      const refused = await cli(["status"], env);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(new RegExp(`is in use by process ${process.pid} \\(|looks in use`));
      expect(refused.stderr).toContain("PGlite serves one process at a time");
      expect(refused.stderr).toContain("DATABASE_URL");
    } finally {
      await server.close();
    }
    const status = await cli(["paused"], env);
    expect(status).toMatchObject({ code: 0, stdout: "No country is paused.\n" });
    rmSync(dataDir, { recursive: true, force: true });
  });
});
