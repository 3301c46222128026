/**
 * A code check over HTTP, twostep beside its peer, in one invocation on one PostgreSQL server
 * (npm run bench:http [-- --rounds=N] [-- --profile]). Writes bench/results/http-latest.json.
 *
 * Servers, each a production `next start` on loopback, its own fresh database on the same server:
 * - "twostep graphql": POST /api/graphql `verifyOtp` with a pending session cookie, the whole
 *   production path (CSRF guard, session cookie, the user read, parse and validation from the
 *   cache, the one-step check: per-IP window, the check, its audit event, the delivery status).
 * - "twostep web action": the same wrong guess through the /verify page's server action, as the
 *   page's form posts it (the code form the reference app's users type into).
 * - "twostep update floor": POST /api/bench/update-floor on the same server: a route handler doing
 *   one `UPDATE … RETURNING` of one challenge row. A durable single-use check can't cost less.
 * - "better-auth" and "better-auth rate-limited": better-auth's two-factor `verify-otp` on a
 *   Next.js app of the same version (bench/better-auth-app), rate limiter off, and on with
 *   database storage (twostep keeps its per-IP check window in the database too).
 * autocannon runs in this process, on the same cores as the servers, at 16 and 64 connections.
 *
 * Every check request is a real check: a wrong, well-formed guess at a live code. Each pending
 * sign-in gets exactly 5 guesses (both libraries allow 5 a code), and no sixth: request i carries
 * sign-in i mod N and the run stops after 5 N requests, so two guesses at one code are N
 * requests apart and never in flight together. Every request has an X-Forwarded-For of its own,
 * so no per-IP limit answers (each still takes its point). N is sized from the throughput seen so
 * far to make a run last about CHECK_TARGET_SECONDS. The mix of answers is printed.
 *
 * Rounds are interleaved (every server at one concurrency, then the next concurrency, then the
 * next round, the order of the servers rotating), so drift on a shared machine hits all of them;
 * each ratio is printed as min / median / max over the rounds. Statements per request come from
 * the servers' own counters (TWOSTEP_BENCH_COUNTERS=1 in twostep; a counting pg pool in the peer),
 * read before and after each run. RSS is each server's process tree, read after each of its runs:
 * the median of those readings is reported (and the highest). Each run also reads the server's
 * own CPU time (/proc, user + system), so each path's CPU per request is printed and compared too:
 * on a shared machine it moves far less than checks/s does. When PostgreSQL runs on this machine,
 * its process tree's CPU is read around each run as well ("db cpu ms/req"), so the bench shows how
 * much of a path's cost is the database's and how much the app server's.
 *
 * --ladder adds four steps between the floor and GraphQL (src/app/api/bench/ladder): the JSON body
 * read, then the session read too, then the core's check too, then the same check through a yoga
 * server, each on the same live codes as GraphQL; each step's checks/s and CPU per request are
 * compared with the floor's, so the bench shows what each part of a check's request costs: what
 * yoga adds, and what the reference app's sign-in helper adds on top of it.
 *
 * --profile runs the twostep server under V8's sampling profiler (as `node --cpu-prof`, through a
 * preload: http/cpu-profile-preload.mjs); the profile is written to bench/results/profiles/ when
 * the server stops and summarised over twostep's check runs only (http/profile-summary.ts).
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { MAX_ATTEMPTS_PER_CODE } from "@twostep/core";
import { PRODUCTION_NODE_OPTIONS, startAppServer, type AppServer } from "../test/support/app-server";
import { createFreshDatabase } from "../test/support/fresh-database";
import { buildWebApp } from "../test/support/global-setup";
import { webAppPath } from "../test/support/web-app";
import { postgresAvailable } from "../test/support/services";
import { ensurePeerBuild, migratePeer, openPeerSessionFactory, startPeer, type PeerServer } from "./http/better-auth-peer";
import { openSessionFactory } from "./http/pending-sessions";
import { parentPid, treeCpuMs, treeRssMib } from "./http/process-rss";
import { monotonicUs, summariseProfile, type Window } from "./http/profile-summary";
import { runLoad, type LoadOptions, type LoadResult } from "./http/run-load";
import { actionId } from "../test/http/support/server-actions";
import { actionFormBody, actionOutcome } from "./http/web-action";
import { LADDER_STEPS, type LadderStep } from "../apps/web/src/server/bench-ladder-steps";

const CONCURRENCIES = [16, 64];
const CHECK_TARGET_SECONDS = 4;
const FLOOR_SECONDS = 3;
const MAX_RUN_SECONDS = 15;
const MAX_SESSIONS = 3_000;
const ROUNDS = Number(process.argv.find((a) => a.startsWith("--rounds="))?.slice("--rounds=".length) ?? 3);
const PROFILE = process.argv.includes("--profile");
const LADDER = process.argv.includes("--ladder");
/** `--peer-same-node-options`: better-auth's servers get the Node options twostep's `npm start` has (the V8 heap cap), to compare memory like for like. */
const PEER_SAME_NODE_OPTIONS = process.argv.includes("--peer-same-node-options");
/** `--only=web,better-auth`: the servers whose name holds one of these (all when absent), to measure one path quickly. */
const ONLY = process.argv.find((a) => a.startsWith("--only="))?.slice("--only=".length).split(",").filter(Boolean) ?? [];
/** `--profile-of=web`: whose runs the profile summary covers (the first server whose name holds it; default graphql). */
const PROFILE_OF = process.argv.find((a) => a.startsWith("--profile-of="))?.slice("--profile-of=".length) ?? "graphql";
const RESULTS_DIR = fileURLToPath(new URL("./results/", import.meta.url));
const PROFILE_DIR = `${RESULTS_DIR}profiles/`;
const PRELOAD = fileURLToPath(new URL("./http/cpu-profile-preload.mjs", import.meta.url));

const GRAPHQL_BODY = JSON.stringify({ query: 'mutation { verifyOtp(otp: "000000") { success code attemptsLeft } }' });
const PEER_BODY = JSON.stringify({ code: "000000" });

/** The SMS budgets and the pumping guard opened wide: thousands of sign-in codes are never typed. */
const TWOSTEP_ENV = {
  SMS_PROVIDER: "outbox",
  SMS_GLOBAL_HOURLY_BUDGET: "10000000",
  SMS_COUNTRY_HOURLY_BUDGET: "10000000",
  SMS_GLOBAL_DAILY_BUDGET: "10000000",
  SMS_PUMPING_MIN_CONVERSION_PERCENT: "0",
  LOG_LEVEL: "warn",
  TWOSTEP_BENCH_COUNTERS: "1",
};

type ServerName = `twostep ladder: ${LadderStep}` | "twostep graphql" | "twostep web action" | "twostep update floor" | "better-auth" | "better-auth rate-limited";
type Counters = { statements: number; transactions: number; redisCommands: number; memory?: { heapUsed: number; heapTotal: number } };
type Sample = { server: ServerName; concurrency: number; round: number; load: LoadResult; statementsPerRequest: number; cpuMsPerRequest: number; dbCpuMsPerRequest: number | null };

/** One server the rounds measure: how to run it once at a concurrency, and where its counters are. */
type Target = {
  server: ServerName;
  url: string;
  pid: number;
  /** Checks per second seen so far, to size the next pool of sign-ins. */
  rate: number;
  /** Makes what a run needs (the sign-ins, before the counters are read) and returns the run. */
  prepare(connections: number): Promise<() => Promise<LoadResult>>;
};

function graphqlOutcome(status: number, body: string): string {
  if (status !== 200) return `HTTP_${status}`;
  try {
    const parsed = JSON.parse(body) as { data?: { verifyOtp?: { success: boolean; code: string | null; attemptsLeft: number | null } } | null; errors?: { extensions?: { code?: string } }[] };
    const result = parsed.data?.verifyOtp;
    if (result?.success) return "SUCCESS";
    if (result?.code === "INVALID_CODE") return `INVALID_CODE(${result.attemptsLeft})`;
    return result?.code ?? parsed.errors?.[0]?.extensions?.code ?? "UNPARSED";
  } catch {
    return "UNPARSED";
  }
}

function peerOutcome(status: number, body: string): string {
  if (status === 200) return "SUCCESS";
  try {
    return `${status} ${(JSON.parse(body) as { code?: string }).code ?? "?"}`;
  } catch {
    return `HTTP_${status}`;
  }
}

const poolSize = (rate: number, connections: number) =>
  Math.min(MAX_SESSIONS, Math.max(connections * 4, Math.ceil((rate * CHECK_TARGET_SECONDS) / MAX_ATTEMPTS_PER_CODE)));

async function readCounters(url: string): Promise<Counters> {
  const response = await fetch(`${url}/api/bench/counters`);
  if (!response.ok) throw new Error(`${url}/api/bench/counters answered ${response.status}: was the server started with TWOSTEP_BENCH_COUNTERS=1?`);
  return (await response.json()) as Counters;
}

/** The newest modification time of the files under `dir` (node_modules and build output left out). */
function newestMtimeMs(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name === ".next" || entry.name === "dist") continue;
    const path = `${dir}/${entry.name}`;
    newest = Math.max(newest, entry.isDirectory() ? newestMtimeMs(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds the app unless a build newer than every source file is there: a bench of stale code would measure the wrong thing. */
function ensureTwostepBuild() {
  const buildId = webAppPath(".next", "BUILD_ID");
  const packages = fileURLToPath(new URL("../packages/", import.meta.url));
  const sourcesChangedAtMs = Math.max(newestMtimeMs(webAppPath("src")), statSync(webAppPath("next.config.ts")).mtimeMs, newestMtimeMs(packages));
  if (existsSync(buildId) && statSync(buildId).mtimeMs > sourcesChangedAtMs) return;
  console.log("building twostep (npm run build:packages, next build)...");
  buildWebApp();
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
/** min / median / max; null when a ratio's servers were not both run (`--only`). */
const spread = (values: number[]) =>
  values.length === 0 ? null : { min: round(Math.min(...values), 3), median: round(median(values), 3), max: round(Math.max(...values), 3) };
type Spread = ReturnType<typeof spread>;
const shownSpread = (v: Spread) => (v ? `${v.min.toFixed(2)} / ${v.median.toFixed(2)} / ${v.max.toFixed(2)}` : "not run");
const round = (value: number, digits: number) => Number(value.toFixed(digits));

const COLUMNS = ["server", "conc", "round", "checks/s", "p50 ms", "p99 ms", "stmts/req", "cpu ms/req", "db cpu ms/req", "requests", "mix"];
const WIDTHS = [24, 4, 5, 8, 7, 7, 9, 10, 13, 8, 0];
const shownMs = (ms: number | null) => (ms === null ? "-" : ms.toFixed(2));
const line = (cells: (string | number)[]) => cells.map((c, i) => (WIDTHS[i] ? String(c).padStart(WIDTHS[i]!) : ` ${c}`)).join(" ");
const mix = (outcomes: Map<string, number>) => [...outcomes].sort(([a], [b]) => a.localeCompare(b)).map(([code, n]) => `${code} ${n}`).join(", ");

/**
 * The PostgreSQL server's own process (the postmaster, parent of every backend), when it runs on
 * this machine and /proc shows it: its tree's CPU around a run is what the database spent on that
 * run's requests (backends, WAL writer, checkpointer), the part "cpu ms/req" leaves out. Null for
 * a server elsewhere.
 */
async function postmasterPid(sql: postgres.Sql): Promise<number | null> {
  const [row] = await sql<{ pid: number }[]>`select pg_backend_pid() as pid`;
  const parent = row ? parentPid(row.pid) : null;
  return parent !== null && parent > 1 ? parent : null;
}

async function main() {
  const startedAt = performance.now();
  if (!(await postgresAvailable())) {
    console.log("skipped: PostgreSQL is not reachable");
    return;
  }
  ensureTwostepBuild();
  ensurePeerBuild();

  const cleanups: (() => Promise<unknown>)[] = [];
  const samples: Sample[] = [];
  /** When twostep's check ran, so its profile can be cut to the load (no sign-ins, no warm-up). */
  const checkWindows: Window[] = [];
  /** Every twostep path's runs, to compare where two paths of the one profiled server spend. */
  const windowsByServer: Record<string, Window[]> = {};
  const rssReadings = new Map<number, number[]>();
  let twostep: AppServer | undefined;
  try {
    // twostep: one server for its check and for the floor route.
    const twostepDb = await createFreshDatabase();
    cleanups.push(() => twostepDb.drop());
    if (PROFILE) {
      rmSync(PROFILE_DIR, { recursive: true, force: true });
      mkdirSync(PROFILE_DIR, { recursive: true });
    }
    twostep = await startAppServer({
      ...TWOSTEP_ENV,
      DATABASE_URL: twostepDb.url,
      // NODE_OPTIONS refuses --cpu-prof: a preload starts the same profiler (http/cpu-profile-preload.mjs).
      ...(PROFILE ? { NODE_OPTIONS: `--import=${PRELOAD}`, TWOSTEP_CPU_PROF_DIR: PROFILE_DIR } : {}),
    });
    const app = twostep;
    cleanups.unshift(() => app.stop());
    const twostepSessions = await openSessionFactory(twostepDb.url, app.url);
    cleanups.unshift(() => twostepSessions.close());
    const floorSql = postgres(twostepDb.url, { max: 2, onnotice: () => {} });
    cleanups.unshift(() => floorSql.end());
    const postmaster = await postmasterPid(floorSql);

    // better-auth: two servers, rate limiter off and on, each on a fresh database of its own.
    const peers: { server: ServerName; peer: PeerServer; sessions: Awaited<ReturnType<typeof openPeerSessionFactory>> }[] = [];
    for (const [server, rateLimit] of [["better-auth", false], ["better-auth rate-limited", true]] as const) {
      const db = await createFreshDatabase();
      cleanups.push(() => db.drop());
      migratePeer(db.url);
      const peer = await startPeer({ databaseUrl: db.url, rateLimit, ...(PEER_SAME_NODE_OPTIONS ? { nodeOptions: PRODUCTION_NODE_OPTIONS } : {}) });
      cleanups.unshift(() => peer.stop());
      const sessions = await openPeerSessionFactory(db.url, peer.url);
      cleanups.unshift(() => sessions.close());
      peers.push({ server, peer, sessions });
    }

    // The code form of /verify posts to its server action, as a browser with JavaScript does
    // (Sec-Fetch-Site included: an action posted without it is screened by the proxy first).
    const form = actionFormBody({ code: "000000" });
    const webAction = {
      body: form.body,
      headers: {
        "content-type": form.contentType,
        accept: "text/x-component",
        "next-action": actionId("verifySignInCodeAction"),
        origin: app.url,
        "sec-fetch-site": "same-origin",
      },
    };
    const checkRun = (base: Omit<LoadOptions, "connections" | "sessions" | "stop" | "maxSeconds">, pool: string[], connections: number) =>
      runLoad({ ...base, connections, sessions: pool, stop: { requests: pool.length * MAX_ATTEMPTS_PER_CODE }, maxSeconds: MAX_RUN_SECONDS });

    const allTargets: Target[] = [
      {
        server: "twostep graphql",
        url: app.url,
        pid: app.pid,
        rate: 200,
        async prepare(connections) {
          const pool = await twostepSessions.pendingSessions(poolSize(this.rate, connections));
          return () => checkRun({ baseUrl: app.url, path: "/api/graphql", body: GRAPHQL_BODY, outcomeOf: graphqlOutcome }, pool, connections);
        },
      },
      {
        server: "twostep web action",
        url: app.url,
        pid: app.pid,
        rate: 200,
        async prepare(connections) {
          const pool = await twostepSessions.pendingSessions(poolSize(this.rate, connections));
          return () => checkRun({ baseUrl: app.url, path: "/verify", body: webAction.body, outcomeOf: actionOutcome, headers: webAction.headers }, pool, connections);
        },
      },
      ...(LADDER ? LADDER_STEPS : []).map((step): Target => ({
        server: `twostep ladder: ${step}`,
        url: app.url,
        pid: app.pid,
        rate: 200,
        async prepare(connections) {
          const pool = await twostepSessions.pendingSessions(poolSize(this.rate, connections));
          return () => checkRun({ baseUrl: app.url, path: "/api/bench/ladder", body: GRAPHQL_BODY, outcomeOf: graphqlOutcome, headers: { "x-bench-step": step } }, pool, connections);
        },
      })),
      {
        server: "twostep update floor",
        url: app.url,
        pid: app.pid,
        rate: 0,
        async prepare(connections) {
          const rows = (await floorSql<{ user_id: string }[]>`SELECT user_id FROM challenges WHERE purpose = 'sign_in' LIMIT 2000`).map((r) => r.user_id);
          return () => runLoad({
            baseUrl: app.url, path: "/api/bench/update-floor", body: GRAPHQL_BODY, connections, sessions: rows,
            carry: { header: "x-bench-row" }, stop: { seconds: FLOOR_SECONDS }, maxSeconds: MAX_RUN_SECONDS, outcomeOf: (status) => `HTTP_${status}`,
          });
        },
      },
      ...peers.map(({ server, peer, sessions }): Target => ({
        server,
        url: peer.url,
        pid: peer.pid,
        rate: 200,
        async prepare(connections) {
          const pool = await sessions.pendingSessions(poolSize(this.rate, connections));
          return () => checkRun(
            { baseUrl: peer.url, path: "/api/auth/two-factor/verify-otp", body: PEER_BODY, outcomeOf: peerOutcome, carry: (cookie) => ({ cookie }), headers: { origin: peer.url } },
            pool,
            connections,
          );
        },
      })),
    ];
    const targets = ONLY.length === 0 ? allTargets : allTargets.filter((t) => ONLY.some((name) => t.server.includes(name)));
    const profiled = targets.find((t) => t.server.startsWith("twostep") && t.server.includes(PROFILE_OF))?.server ?? "twostep graphql";

    console.log(`${ROUNDS} rounds, interleaved; each check run ~${CHECK_TARGET_SECONDS} s of wrong guesses at live codes (5 per sign-in); the floor ${FLOOR_SECONDS} s`);
    console.log("warming up (JIT, pools, route caches)...");
    for (const target of targets) {
      const warm = await (await target.prepare(16))();
      target.rate = warm.rps;
    }
    console.log(`\n${line(COLUMNS)}`);
    for (let roundNo = 1; roundNo <= ROUNDS; roundNo++) {
      for (const connections of CONCURRENCIES) {
        const order = targets.map((_, i) => targets[(i + roundNo + connections) % targets.length]!);
        for (const target of order) {
          const run = await target.prepare(connections);
          const before = await readCounters(target.url);
          const fromUs = monotonicUs();
          const cpuBefore = treeCpuMs(target.pid);
          const dbCpuBefore = postmaster === null ? 0 : treeCpuMs(postmaster);
          const load = await run();
          const cpuMsPerRequest = (treeCpuMs(target.pid) - cpuBefore) / Math.max(load.responses, 1);
          const dbCpuMsPerRequest = postmaster === null ? null : (treeCpuMs(postmaster) - dbCpuBefore) / Math.max(load.responses, 1);
          if (target.server === profiled) checkWindows.push({ fromUs, toUs: monotonicUs() });
          if (target.server.startsWith("twostep")) (windowsByServer[target.server] ??= []).push({ fromUs, toUs: monotonicUs() });
          const after = await readCounters(target.url);
          // RSS after every run, not once at the end: one reading lands wherever the garbage
          // collector happens to be (the same peer read 104 and 255 MiB in two runs).
          rssReadings.set(target.pid, [...(rssReadings.get(target.pid) ?? []), treeRssMib(target.pid)]);
          if (target.server !== "twostep update floor") target.rate = load.rps;
          const statementsPerRequest = (after.statements - before.statements) / Math.max(load.responses, 1);
          samples.push({ server: target.server, concurrency: connections, round: roundNo, load, statementsPerRequest, cpuMsPerRequest, dbCpuMsPerRequest });
          console.log(line([target.server, connections, roundNo, Math.round(load.rps), load.p50Ms.toFixed(1), load.p99Ms.toFixed(1), statementsPerRequest.toFixed(2), cpuMsPerRequest.toFixed(2), shownMs(dbCpuMsPerRequest), load.responses, mix(load.outcomes)]));
        }
      }
    }

    // A process's RSS after load: the median of its readings after each run (twostep's three
    // paths share one server, so they share its readings), and the highest one.
    const rss = new Map(targets.map((t) => [t.server, round(median(rssReadings.get(t.pid) ?? [treeRssMib(t.pid)]), 1)]));
    const rssMax = new Map(targets.map((t) => [t.server, round(Math.max(...(rssReadings.get(t.pid) ?? [treeRssMib(t.pid)])), 1)]));
    const rows = [];
    for (const target of targets) {
      for (const concurrency of CONCURRENCIES) {
        const mine = samples.filter((s) => s.server === target.server && s.concurrency === concurrency);
        rows.push({
          server: target.server,
          concurrency,
          rps: Math.round(median(mine.map((s) => s.load.rps))),
          p50_ms: round(median(mine.map((s) => s.load.p50Ms)), 1),
          p99_ms: round(median(mine.map((s) => s.load.p99Ms)), 1),
          db_statements_per_request: round(median(mine.map((s) => s.statementsPerRequest)), 2),
          server_cpu_ms_per_request: round(median(mine.map((s) => s.cpuMsPerRequest)), 3),
          db_cpu_ms_per_request: postmaster === null ? null : round(median(mine.map((s) => s.dbCpuMsPerRequest ?? 0)), 3),
          rss_mib: rss.get(target.server)!,
          rss_mib_max: rssMax.get(target.server)!,
        });
      }
    }
    const ratioOf = (a: ServerName, b: ServerName, concurrency?: number) => {
      const values: number[] = [];
      for (const s of samples) {
        if (s.server !== a || (concurrency !== undefined && s.concurrency !== concurrency)) continue;
        const other = samples.find((o) => o.server === b && o.round === s.round && o.concurrency === s.concurrency);
        if (other) values.push(s.load.rps / other.load.rps);
      }
      return spread(values);
    };
    /** b's server CPU per request over a's: how many of a's requests one of b's costs. */
    const cpuRatioOf = (a: ServerName, b: ServerName) => {
      const values: number[] = [];
      for (const s of samples) {
        if (s.server !== a) continue;
        const other = samples.find((o) => o.server === b && o.round === s.round && o.concurrency === s.concurrency);
        if (other && s.cpuMsPerRequest > 0) values.push(other.cpuMsPerRequest / s.cpuMsPerRequest);
      }
      return spread(values);
    };
    /** The same with the database's CPU added to each side: the whole machine's work per request, autocannon's aside. */
    const totalCpuRatioOf = (a: ServerName, b: ServerName) => {
      const values: number[] = [];
      for (const s of samples) {
        if (s.server !== a || s.dbCpuMsPerRequest === null) continue;
        const other = samples.find((o) => o.server === b && o.round === s.round && o.concurrency === s.concurrency);
        if (other?.dbCpuMsPerRequest != null) values.push((other.cpuMsPerRequest + other.dbCpuMsPerRequest) / (s.cpuMsPerRequest + s.dbCpuMsPerRequest));
      }
      return spread(values);
    };
    const ratios = {
      twostep_vs_better_auth: ratioOf("twostep graphql", "better-auth"),
      twostep_vs_better_auth_rate_limited: ratioOf("twostep graphql", "better-auth rate-limited"),
      twostep_vs_update_floor: ratioOf("twostep graphql", "twostep update floor"),
      twostep_web_vs_better_auth: ratioOf("twostep web action", "better-auth"),
      twostep_web_vs_update_floor: ratioOf("twostep web action", "twostep update floor"),
      // The same comparisons by the server process's own CPU per request (the database's is not
      // in it): steadier than checks/s when other work shares the cores.
      by_server_cpu: {
        twostep_vs_better_auth: cpuRatioOf("twostep graphql", "better-auth"),
        twostep_vs_update_floor: cpuRatioOf("twostep graphql", "twostep update floor"),
        twostep_web_vs_better_auth: cpuRatioOf("twostep web action", "better-auth"),
        twostep_web_vs_update_floor: cpuRatioOf("twostep web action", "twostep update floor"),
      },
      by_server_and_database_cpu: {
        twostep_vs_better_auth: totalCpuRatioOf("twostep graphql", "better-auth"),
        twostep_vs_update_floor: totalCpuRatioOf("twostep graphql", "twostep update floor"),
        twostep_web_vs_better_auth: totalCpuRatioOf("twostep web action", "better-auth"),
        twostep_web_vs_update_floor: totalCpuRatioOf("twostep web action", "twostep update floor"),
      },
      by_concurrency: Object.fromEntries(CONCURRENCIES.map((c) => [c, {
        twostep_vs_better_auth: ratioOf("twostep graphql", "better-auth", c),
        twostep_vs_better_auth_rate_limited: ratioOf("twostep graphql", "better-auth rate-limited", c),
        twostep_vs_update_floor: ratioOf("twostep graphql", "twostep update floor", c),
        twostep_web_vs_better_auth: ratioOf("twostep web action", "better-auth", c),
      }])),
    };

    console.log("\nmedians over the rounds:");
    console.log(["server".padStart(24), "conc", "checks/s", "p50 ms", "p99 ms", "stmts/req", "cpu ms/req", "db cpu ms/req", "RSS MiB (median, max after runs)"].join("  "));
    for (const r of rows) {
      console.log([r.server.padStart(24), String(r.concurrency).padStart(4), String(r.rps).padStart(8), String(r.p50_ms).padStart(6), String(r.p99_ms).padStart(6), String(r.db_statements_per_request).padStart(9), String(r.server_cpu_ms_per_request).padStart(10), String(r.db_cpu_ms_per_request ?? "-").padStart(13), `${String(r.rss_mib).padStart(7)} ${String(r.rss_mib_max).padStart(7)}`].join("  "));
    }
    console.log("\nratios of checks/s, min / median / max over rounds (targets: >= 2 vs better-auth, >= 0.6 vs the floor):");
    for (const [name, value] of Object.entries(ratios)) {
      if (name === "by_concurrency" || name === "by_server_cpu" || name === "by_server_and_database_cpu") continue;
      const v = value as Spread;
      console.log(`  ${name.padEnd(38)} ${shownSpread(v)}`);
    }
    console.log("by the server process's CPU per request (database excluded), min / median / max:");
    for (const [name, v] of Object.entries(ratios.by_server_cpu)) console.log(`  ${name.padEnd(38)} ${shownSpread(v)}`);
    console.log("by the server's and the database's CPU per request together, min / median / max:");
    for (const [name, v] of Object.entries(ratios.by_server_and_database_cpu)) console.log(`  ${name.padEnd(38)} ${shownSpread(v)}`);
    for (const c of CONCURRENCIES) {
      const byC = ratios.by_concurrency[c] as Record<string, ReturnType<typeof spread>>;
      console.log(`  at ${c}: ${Object.entries(byC).flatMap(([n, v]) => (v ? [`${n} ${v.median.toFixed(2)}`] : [])).join(", ")}`);
    }

    const ladder = LADDER
      ? Object.fromEntries(
          [...LADDER_STEPS.map((step): ServerName => `twostep ladder: ${step}`), "twostep graphql" as const]
            .filter((server) => targets.some((t) => t.server === server))
            .map((server) => [server, {
              vs_update_floor: ratioOf(server, "twostep update floor"),
              by_server_cpu: cpuRatioOf(server, "twostep update floor"),
              by_server_and_database_cpu: totalCpuRatioOf(server, "twostep update floor"),
            }]),
        )
      : null;
    if (ladder) {
      console.log("the ladder, each step vs the floor (checks/s; server CPU per request; server and database CPU), min / median / max:");
      for (const [server, r] of Object.entries(ladder)) console.log(`  ${server.padEnd(38)} ${shownSpread(r.vs_update_floor)};  ${shownSpread(r.by_server_cpu)};  ${shownSpread(r.by_server_and_database_cpu)}`);
    }

    const memory = rss.has("twostep graphql") && rss.has("better-auth")
      ? { twostep_mib: rss.get("twostep graphql")!, better_auth_mib: rss.get("better-auth")!, limit_mib: round(rss.get("better-auth")! + 50, 1) }
      : null;
    if (memory) console.log(`  RSS after load (median): twostep ${memory.twostep_mib} MiB, better-auth ${memory.better_auth_mib} MiB (target: at most ${memory.limit_mib})`);
    const heap = (await readCounters(app.url)).memory;
    if (heap) console.log(`  twostep's V8 heap now: ${(heap.heapUsed / 2 ** 20).toFixed(0)} MiB used of ${(heap.heapTotal / 2 ** 20).toFixed(0)} MiB`);

    mkdirSync(RESULTS_DIR, { recursive: true });
    writeFileSync(`${RESULTS_DIR}http-latest.json`, `${JSON.stringify({ rows, ratios, ...(ladder ? { ladder } : {}), memory, rounds: ROUNDS }, null, 2)}\n`);
    console.log(`\nwrote bench/results/http-latest.json in ${((performance.now() - startedAt) / 1000).toFixed(0)} s`);
  } catch (error) {
    if (twostep) console.error(twostep.logs().slice(-4_000));
    throw error;
  } finally {
    for (const cleanup of cleanups) await cleanup().catch(() => {});
  }
  if (PROFILE) {
    // `next start` may hand requests to a child process: the server's profile is the biggest one.
    const profiles = readdirSync(PROFILE_DIR).filter((f) => f.endsWith(".cpuprofile")).sort((a, b) => statSync(`${PROFILE_DIR}${a}`).size - statSync(`${PROFILE_DIR}${b}`).size);
    // The windows too, for a closer look at the same runs (inclusive time, call paths).
    writeFileSync(`${PROFILE_DIR}windows.json`, `${JSON.stringify(checkWindows)}\n`);
    writeFileSync(`${PROFILE_DIR}windows-by-server.json`, `${JSON.stringify(windowsByServer)}\n`);
    for (const file of profiles.slice(-1)) console.log(`\nprofile ${file}, the profiled server's runs only (--profile-of=${PROFILE_OF}):\n${summariseProfile(`${PROFILE_DIR}${file}`, checkWindows)}`);
  }
}

await main();
