/**
 * What a code check costs, beside the cheapest call its store can answer (npm run bench).
 *
 * "verify" is store.challenges.verify(): the one atomic store operation the service's verify()
 * is built around (the SQL function twostep_verify() on PGlite and PostgreSQL, the Lua script on
 * Redis). The service adds the per-IP limiter and the audit write, each a round trip of its own,
 * so this measures the check itself against one bare round trip: SELECT 1 through the same drizzle
 * db, or PING through the same ioredis client, at the same concurrency, in the same run.
 * Target: verify at >= 80% of the round trip's throughput.
 *
 * Writes bench/results/latest.json (git-ignored).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import bcrypt from "bcryptjs";
import { createCodeHasher, digestsEqual } from "../packages/core/src/code/hash-code";
import { ACCOUNT_FAILURE_MEMORY_SECONDS, ACCOUNT_LOCK_BASE_SECONDS, ACCOUNT_LOCK_MAX_SECONDS } from "@twostep/core";
import type { LockoutPolicy } from "@twostep/core";
import { openBenchStore, type BenchStore, type BenchStoreName } from "./bench-stores";
import { measureSideBySide, microsecondsPerCall, type Measurement } from "./measure";

const STORES: BenchStoreName[] = ["pglite", "postgres", "redis"];
const CONCURRENCIES = [1, 16, 64];
const WARMUP_MS = 400;
const MEASURE_MS = 3_000;
/** Each measurement is cut into this many slices, taken in turn with the others at the same concurrency. */
const SLICES = 6;
const TARGET_RATIO = 0.8;
/**
 * Distinct accounts, a multiple of every concurrency: caller c checks only accounts c, c+C, c+2C…,
 * so no two checks in flight share an account (in production concurrent checks come from
 * different users; checks of one account are serialised by design and would measure lock waits).
 */
const USERS = 1024;
const PURPOSE = "sign_in";
const HASH_KEY = "bench-code-hash-key-0123456789abcdefghijklmnop";

/**
 * Each check is a wrong guess on a live code: the full write path (lock the account row and the
 * challenge, compare, count the guess on the code and on the account). The right code takes the
 * same locks and two writes too, but spends the code, so it would need a re-save between checks.
 * The caps are raised for the run (attempts per code in the seeded rows, failures before a lock in
 * the policy passed in) so that no code dies and no account locks mid-measure: a dead code or a
 * locked account is answered without writing, which would flatter the numbers. Every answer is
 * checked to be "invalid". Comparing against a larger cap costs the same.
 */
const NEVER_REACHED = 2_000_000_000;
const BENCH_LOCKOUT: LockoutPolicy = {
  thresholdFailures: NEVER_REACHED,
  baseLockMs: ACCOUNT_LOCK_BASE_SECONDS * 1000,
  maxLockMs: ACCOUNT_LOCK_MAX_SECONDS * 1000,
  failureMemoryMs: ACCOUNT_FAILURE_MEMORY_SECONDS * 1000,
};

type Row = {
  store: BenchStoreName;
  concurrency: number;
  verify_ops_per_s: number;
  roundtrip_ops_per_s: number;
  ratio: number;
  p50_ms: number;
  p99_ms: number;
};

type Account = { userId: string; wrongHash: string };

async function benchStore(bench: BenchStore): Promise<Row[]> {
  const { store } = bench;
  const accounts = await seedAccounts(store);
  const unexpected = new Map<string, number>();
  const checkWrong = async ({ userId, wrongHash }: Account) => {
    const result = await store.challenges.verify({ userId, purpose: PURPOSE, codeHash: wrongHash, nowMs: Date.now(), lockout: BENCH_LOCKOUT });
    if (result.outcome !== "invalid") unexpected.set(result.outcome, (unexpected.get(result.outcome) ?? 0) + 1);
  };
  // One untimed check per account first, so each account's failure row exists, as in steady state.
  await Promise.all(Array.from({ length: 16 }, async (_, caller) => {
    for (let i = caller; i < USERS; i += 16) await checkWrong(accounts[i]!);
  }));

  const rows: Row[] = [];
  for (const concurrency of CONCURRENCIES) {
    const options = { concurrency, warmupMs: WARMUP_MS, durationMs: MEASURE_MS, slices: SLICES };
    // Caller c takes accounts c, c+C, c+2C… in turn: USERS / C of its own, shared with no other caller.
    const turns = new Array<number>(concurrency).fill(0);
    const ownAccount = (caller: number) => accounts[caller + concurrency * (turns[caller]!++ % (USERS / concurrency))]!;
    const { roundTrip, verify, write } = await measureSideBySide({
      roundTrip: () => store.ping(),
      verify: (caller) => checkWrong(ownAccount(caller)),
      write: (caller) => bench.write(ownAccount(caller).userId),
    }, options);
    const row = toRow(bench.name, concurrency, verify, roundTrip);
    rows.push(row);
    printRow(row, roundTrip, write);
  }
  if (unexpected.size > 0) {
    throw new Error(`checks answered other than "invalid": ${JSON.stringify(Object.fromEntries(unexpected))}`);
  }
  return rows;
}

/** A live code for each account, with caps no run reaches, and the hash of a wrong guess at it. */
async function seedAccounts(store: BenchStore["store"]): Promise<Account[]> {
  const hashCode = createCodeHasher(HASH_KEY);
  const runId = randomUUID().slice(0, 8);
  const nowMs = Date.now();
  const accounts = Array.from({ length: USERS }, (_, i) => {
    const userId = `bench-${runId}-${i}`;
    return { userId, wrongHash: hashCode({ userId, purpose: PURPOSE, code: "000000" }) };
  });
  await Promise.all(Array.from({ length: 8 }, async (_, part) => {
    for (let i = part; i < USERS; i += 8) {
      const { userId } = accounts[i]!;
      await store.challenges.save({
        id: randomUUID(), userId, purpose: PURPOSE, phoneE164: "+12015550123",
        codeHash: hashCode({ userId, purpose: PURPOSE, code: "123456" }),
        maxAttempts: NEVER_REACHED, expiresAtMs: nowMs + 60 * 60_000, sentAtMs: nowMs, messageId: null,
      });
    }
  }));
  return accounts;
}

function toRow(store: BenchStoreName, concurrency: number, verify: Measurement, roundTrip: Measurement): Row {
  return {
    store,
    concurrency,
    verify_ops_per_s: Math.round(verify.opsPerSecond),
    roundtrip_ops_per_s: Math.round(roundTrip.opsPerSecond),
    ratio: round(verify.opsPerSecond / roundTrip.opsPerSecond, 3),
    p50_ms: round(verify.p50Ms, 3),
    p99_ms: round(verify.p99Ms, 3),
  };
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));

const COLUMNS = ["store", "conc", "verify/s", "round trip/s", "ratio", "target", "p50 ms", "p99 ms", "trip p50 ms", "1-row write/s", "verify/write"];
const WIDTHS = [8, 4, 9, 12, 6, 6, 7, 7, 11, 13, 12];
const line = (cells: (string | number)[]) => cells.map((c, i) => String(c).padStart(WIDTHS[i]!)).join(" ");

function printRow(row: Row, roundTrip: Measurement, write: Measurement) {
  console.log(line([
    row.store, row.concurrency, row.verify_ops_per_s, row.roundtrip_ops_per_s, row.ratio.toFixed(2),
    row.ratio >= TARGET_RATIO ? "met" : "MISSED", row.p50_ms.toFixed(3), row.p99_ms.toFixed(3), roundTrip.p50Ms.toFixed(3),
    Math.round(write.opsPerSecond), (row.verify_ops_per_s / write.opsPerSecond).toFixed(2),
  ]));
}

/** µs for what the check does in the app before the store: HMAC the typed code, compare in constant time. */
function codeCheckMicroseconds(): number {
  const hashCode = createCodeHasher(HASH_KEY);
  const stored = hashCode({ userId: "bench-user", purpose: PURPOSE, code: "123456" });
  let matches = 0;
  const us = microsecondsPerCall(() => {
    if (digestsEqual(hashCode({ userId: "bench-user", purpose: PURPOSE, code: "123457" }), stored)) matches++;
  }, 1_000);
  if (matches > 0) throw new Error("a wrong code matched");
  return us;
}

/** µs for the slow-hash alternative the HMAC replaces (see hash-code.ts): a bcrypt cost-10 compare. */
function bcryptCheckMicroseconds(): number {
  const stored = bcrypt.hashSync("123456", 10);
  return microsecondsPerCall(() => void bcrypt.compareSync("123457", stored), 1_500, 5);
}

async function main() {
  const startedAt = performance.now();
  console.log(`verify = store.challenges.verify(), one atomic store op (a wrong guess on a live code; ${USERS} accounts)`);
  console.log(`round trip = SELECT 1 / PING on the same client; ${MEASURE_MS / 1000} s each (in ${SLICES} slices taken in turn), after ${WARMUP_MS} ms warm-up`);
  console.log("1-row write = UPDATE of one challenge row / INCR of one key on the same client (context only: verify writes)");
  console.log(`target: verify >= ${TARGET_RATIO * 100}% of the round trip's throughput; p50/p99 are verify's\n`);
  console.log(line(COLUMNS));

  const rows: Row[] = [];
  for (const name of STORES) {
    const bench = await openBenchStore(name);
    if (!bench) {
      console.log(`${name.padStart(WIDTHS[0]!)}  skipped: service not reachable`);
      continue;
    }
    try {
      rows.push(...(await benchStore(bench)));
    } finally {
      await bench.close();
    }
  }

  const codeCheckUs = codeCheckMicroseconds();
  const bcryptCheckUs = bcryptCheckMicroseconds();
  console.log(`\ncode check (HMAC-SHA256 + constant-time compare): ${codeCheckUs.toFixed(2)} µs`);
  console.log(`bcrypt cost-10 compare (bcryptjs):                 ${bcryptCheckUs.toFixed(0)} µs`);

  const results = { rows, code_check_us: round(codeCheckUs, 2), bcrypt_check_us: Math.round(bcryptCheckUs) };
  const dir = fileURLToPath(new URL("./results/", import.meta.url));
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}latest.json`, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nwrote bench/results/latest.json in ${((performance.now() - startedAt) / 1000).toFixed(0)} s`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
