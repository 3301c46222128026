/**
 * The code check over HTTP, beside a bare route handler of the same production build
 * (npm run bench:http). Writes bench/results/http-latest.json: { rows: [{ store, concurrency,
 * verify_rps, bare_rps, ratio }] }. Target: verify at >= 80% of the bare route's throughput.
 *
 * What is measured. One `next start` server (the build in .next; built first if it is missing or
 * lacks the bare route), on loopback, against a fresh PostgreSQL database, and then again with
 * Redis for challenges and limit windows ("postgres" and "postgres+redis" rows; PGlite is
 * single-process and left out: the bench seeds accounts from its own process). autocannon runs in
 * this process on the same two cores as the server, at 16 and 64 connections.
 * - verify: POST /api/graphql `mutation { verifyOtp(otp: "000000") { success code attemptsLeft } }`
 *   with a pending session cookie: the whole production path (CSRF guard, session decryption,
 *   GraphQL parse and validation, the per-IP check limit, the one atomic store operation, the audit
 *   write).
 * - bare: POST /api/bench/bare with the same headers, cookie and body (src/app/api/bench/bare).
 *   It is measured in two halves, before and after verify, so drift on a shared machine hits both.
 * - For context only (printed, not in the JSON): "gql floor", POST /api/graphql `{ __typename }`
 *   with the same cookie, which pays for the CSRF guard, the session decryption (the GraphQL
 *   context reads the viewer on every request), parsing and validation, but touches no store. It
 *   splits the gap between bare and verify into the web stack's share and the check's own.
 *
 * Making every request a real check. Refusals are cheaper than checks: a dead code answers
 * TOO_MANY_ATTEMPTS, a locked account LOCKED, a spent per-IP window RATE_LIMITED, none of them
 * comparing a code. The limits stay as they are in production (nothing here changes policy);
 * instead the load is shaped so none of them answers:
 * - N pending sessions per measurement, made like a user's: accounts with 2FA are written into the
 *   database, then each signs in over HTTP, and the server sends it a live sign-in code;
 * - request i carries session i mod N and a wrong, well-formed guess, and autocannon stops after
 *   exactly 5 N requests: each code gets its 5 guesses (MAX_ATTEMPTS_PER_CODE) and no sixth, each
 *   account 5 failures (the lock starts at 10), and consecutive guesses at one account are N
 *   requests apart, so no two are in flight together;
 * - every request has an X-Forwarded-For of its own, so the per-IP cap (60 per 15 min) never trips;
 * - N is sized from the throughput seen so far to make the run last about VERIFY_TARGET_SECONDS.
 * Every response's result code is counted and printed (the "mix"), and the run says whether it
 * was clean: N each of INVALID_CODE with attemptsLeft 4, 3, 2, 1, and N TOO_MANY_ATTEMPTS, which is
 * how the store answers the fifth wrong guess (it compares and counts it, then reports the code
 * dead; a sixth guess would be refused without a compare, and the bench never sends one).
 *
 * The SMS budgets and the pumping guard are opened wide for the server (thousands of sign-in codes
 * that are never typed would trip them: that is their job); they guard sending, not checking.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { MAX_ATTEMPTS_PER_CODE } from "@twostep/core";
import { openRedis } from "@twostep/core/redis";
import { startAppServer, type AppServer } from "../test/support/app-server";
import { createFreshDatabase } from "../test/support/fresh-database";
import { postgresAvailable, redisAvailable, TEST_REDIS_URL } from "../test/support/services";
import { openSessionFactory } from "./http/pending-sessions";
import { runLoad, type LoadResult } from "./http/run-load";

const CONCURRENCIES = [16, 64];
const VERIFY_TARGET_SECONDS = 5;
const BARE_SECONDS = 5;
const MAX_RUN_SECONDS = 15;
const TARGET_RATIO = 0.8;
/** Sessions for the warm-up run, which also gives the first throughput estimate. */
const WARMUP_SESSIONS = 96;
const MAX_SESSIONS = 4_000;
const GUESS = "000000";
const VERIFY_BODY = JSON.stringify({ query: `mutation { verifyOtp(otp: "${GUESS}") { success code attemptsLeft } }` });
const BARE_BODY = VERIFY_BODY;
const FLOOR_BODY = JSON.stringify({ query: "{ __typename }" });
/**
 * The app's Redis key prefix is fixed ("twostep"), and test runs share it on the default database.
 * The bench sends thousands of codes, which would eat into the SMS budgets those runs count on,
 * so it uses a Redis database of its own and deletes its keys when done.
 */
const BENCH_REDIS_DB = 15;

const SERVER_ENV = {
  SMS_PROVIDER: "outbox",
  SMS_GLOBAL_HOURLY_BUDGET: "10000000",
  SMS_COUNTRY_HOURLY_BUDGET: "10000000",
  SMS_GLOBAL_DAILY_BUDGET: "10000000",
  SMS_PUMPING_MIN_CONVERSION_PERCENT: "0",
  LOG_LEVEL: "warn",
};

type StoreName = "postgres" | "postgres+redis";
type Row = { store: StoreName; concurrency: number; verify_rps: number; bare_rps: number; ratio: number };

/** The result code of a verifyOtp answer, or what else came back. */
function verifyOutcome(status: number, body: string): string {
  if (status !== 200) return `HTTP_${status}`;
  try {
    const parsed = JSON.parse(body) as {
      data?: { verifyOtp?: { success: boolean; code: string | null; attemptsLeft: number | null } } | null;
      errors?: { extensions?: { code?: string } }[];
    };
    const result = parsed.data?.verifyOtp;
    if (result?.success) return "SUCCESS";
    if (result?.code === "INVALID_CODE") return `INVALID_CODE(${result.attemptsLeft})`;
    if (result?.code) return result.code;
    return parsed.errors?.[0]?.extensions?.code ?? "UNPARSED";
  } catch {
    return "UNPARSED";
  }
}

const bareOutcome = (status: number) => `HTTP_${status}`;

/** The mix of a run in which every request was a real check of a live code (see the top). */
function cleanMix(pool: number): Map<string, number> {
  const expected = new Map<string, number>();
  for (let left = MAX_ATTEMPTS_PER_CODE - 1; left >= 1; left--) expected.set(`INVALID_CODE(${left})`, pool);
  expected.set("TOO_MANY_ATTEMPTS", pool);
  return expected;
}

const sameCounts = (a: Map<string, number>, b: Map<string, number>) =>
  a.size === b.size && [...a].every(([key, n]) => b.get(key) === n);

function ensureBuild() {
  const built = existsSync(".next/BUILD_ID") && existsSync(".next/server/app/api/bench/bare/route.js");
  if (built) return;
  console.log("building the app (next build)...");
  execFileSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
}

async function benchStore(store: StoreName, redisUrl: string | null): Promise<Row[]> {
  const fresh = await createFreshDatabase();
  let app: AppServer | undefined;
  let sessions: Awaited<ReturnType<typeof openSessionFactory>> | undefined;
  try {
    app = await startAppServer({ ...SERVER_ENV, DATABASE_URL: fresh.url, ...(redisUrl ? { REDIS_URL: redisUrl } : {}) });
    sessions = await openSessionFactory(fresh.url, app.url);
    const baseUrl = app.url;
    const verify = (pool: string[], connections: number) =>
      runLoad({
        baseUrl, path: "/api/graphql", body: VERIFY_BODY, connections, sessions: pool,
        stop: { requests: pool.length * MAX_ATTEMPTS_PER_CODE }, maxSeconds: MAX_RUN_SECONDS, outcomeOf: verifyOutcome,
      });
    const bare = (pool: string[], connections: number, seconds: number) =>
      runLoad({
        baseUrl, path: "/api/bench/bare", body: BARE_BODY, connections, sessions: pool,
        stop: { seconds }, maxSeconds: MAX_RUN_SECONDS, outcomeOf: bareOutcome,
      });
    const floor = (pool: string[], connections: number, seconds: number) =>
      runLoad({
        baseUrl, path: "/api/graphql", body: FLOOR_BODY, connections, sessions: pool,
        stop: { seconds }, maxSeconds: MAX_RUN_SECONDS, outcomeOf: bareOutcome,
      });

    // Warm-up: JIT, connection pools, route compilation caches; its verify rate sizes the first pool.
    const warmPool = await sessions.pendingSessions(WARMUP_SESSIONS);
    await bare(warmPool, 16, 1);
    await floor(warmPool, 16, 1);
    let verifyRate = (await verify(warmPool, 16)).rps;

    const rows: Row[] = [];
    for (const connections of CONCURRENCIES) {
      const size = Math.min(MAX_SESSIONS, Math.max(connections * 4, Math.ceil((verifyRate * VERIFY_TARGET_SECONDS) / MAX_ATTEMPTS_PER_CODE)));
      const madeAt = performance.now();
      const pool = await sessions.pendingSessions(size);
      const signInSeconds = (performance.now() - madeAt) / 1000;

      const bareBefore = await bare(pool, connections, BARE_SECONDS / 2);
      const checked = await verify(pool, connections);
      const bareAfter = await bare(pool, connections, BARE_SECONDS / 2);
      const graphqlFloor = await floor(pool, connections, BARE_SECONDS / 2);
      verifyRate = checked.rps;

      const bareRps = (bareBefore.responses + bareAfter.responses) / (bareBefore.seconds + bareAfter.seconds);
      const row: Row = {
        store,
        concurrency: connections,
        verify_rps: Math.round(checked.rps),
        bare_rps: Math.round(bareRps),
        ratio: Number((checked.rps / bareRps).toFixed(3)),
      };
      rows.push(row);
      printRow(row, checked, [bareBefore, bareAfter], graphqlFloor, size, signInSeconds);
    }
    return rows;
  } catch (error) {
    if (app) console.error(app.logs().slice(-4_000));
    throw error;
  } finally {
    await sessions?.close();
    await app?.stop();
    await fresh.drop();
  }
}

const COLUMNS = ["store", "conc", "verify/s", "bare/s", "ratio", "target", "p50 ms", "p99 ms", "bare p50", "gql floor/s", "sessions", "verify s"];
const WIDTHS = [14, 4, 8, 7, 6, 6, 7, 7, 8, 11, 8, 8];
const line = (cells: (string | number)[]) => cells.map((c, i) => String(c).padStart(WIDTHS[i]!)).join(" ");
const mix = (outcomes: Map<string, number>) =>
  [...outcomes].sort(([a], [b]) => a.localeCompare(b)).map(([code, n]) => `${code} ${n}`).join(", ");

function printRow(row: Row, checked: LoadResult, bare: LoadResult[], floor: LoadResult, sessions: number, signInSeconds: number) {
  console.log(line([
    row.store, row.concurrency, row.verify_rps, row.bare_rps, row.ratio.toFixed(2), row.ratio >= TARGET_RATIO ? "met" : "MISSED",
    checked.p50Ms.toFixed(1), checked.p99Ms.toFixed(1), Math.max(...bare.map((b) => b.p50Ms)).toFixed(1), Math.round(floor.rps),
    sessions, checked.seconds.toFixed(1),
  ]));
  const bareOutcomes = new Map<string, number>();
  for (const b of bare) for (const [k, n] of b.outcomes) bareOutcomes.set(k, (bareOutcomes.get(k) ?? 0) + n);
  const errors = checked.errors + floor.errors + bare.reduce((sum, b) => sum + b.errors, 0);
  const clean = sameCounts(checked.outcomes, cleanMix(sessions));
  const indent = " ".repeat(WIDTHS[0]! + 1);
  console.log(`${indent}verify mix: ${mix(checked.outcomes)} (${clean ? "clean: every request checked a live code" : "NOT CLEAN: some requests were not real checks"})`);
  console.log(`${indent}bare: ${mix(bareOutcomes)} | gql floor: ${mix(floor.outcomes)}${errors ? ` | socket errors ${errors}` : ""} | ${sessions} sign-ins took ${signInSeconds.toFixed(1)} s`);
}

async function clearBenchRedis(url: string) {
  const redis = await openRedis(url);
  try {
    for await (const keys of redis.scanStream({ match: "twostep:*", count: 1_000 }) as AsyncIterable<string[]>) {
      if (keys.length > 0) await redis.del(...keys);
    }
  } finally {
    redis.disconnect();
  }
}

async function main() {
  const startedAt = performance.now();
  ensureBuild();
  console.log("verify = POST /api/graphql verifyOtp with a pending session: a wrong guess at a live code, the full production path");
  console.log("bare   = POST /api/bench/bare, same headers and body, a route handler returning a constant (halves before and after verify)");
  console.log(`one \`next start\` server, autocannon in this process, loopback; verify runs 5 guesses per pending session, ~${VERIFY_TARGET_SECONDS} s`);
  console.log("gql floor = POST /api/graphql { __typename }, same cookie: CSRF guard, session, parse, validation, no store (context only)");
  console.log(`target: verify >= ${TARGET_RATIO * 100}% of bare; p50/p99 are verify's\n`);
  console.log(line(COLUMNS));

  const rows: Row[] = [];
  if (!(await postgresAvailable())) {
    console.log(`${"all".padStart(WIDTHS[0]!)}  skipped: PostgreSQL is not reachable (the bench seeds accounts into it)`);
  } else {
    rows.push(...(await benchStore("postgres", null)));
    if (await redisAvailable()) {
      const url = new URL(TEST_REDIS_URL);
      url.pathname = `/${BENCH_REDIS_DB}`;
      try {
        rows.push(...(await benchStore("postgres+redis", url.toString())));
      } finally {
        await clearBenchRedis(url.toString());
      }
    } else {
      console.log(`${"postgres+redis".padStart(WIDTHS[0]!)}  skipped: Redis is not reachable`);
    }
  }

  const dir = fileURLToPath(new URL("./results/", import.meta.url));
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}http-latest.json`, `${JSON.stringify({ rows }, null, 2)}\n`);
  console.log(`\nwrote bench/results/http-latest.json in ${((performance.now() - startedAt) / 1000).toFixed(0)} s`);
}

await main();
