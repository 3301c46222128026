/**
 * What a code check costs, beside the store's one-row durable write (npm run bench).
 *
 * "check" is what the core sends the store for one code check over HTTP: on PGlite and PostgreSQL
 * the one-step check, twostep_check_code() (the per-IP window, twostep_verify(), the guess's
 * audit row, the delivery status: one statement, one transaction); on one Redis server the
 * one-step script (the window, the check, the audit entry in a stream a mover lands in SQL). "verify" is
 * store.challenges.verify() alone, the atomic check without the window and the audit row.
 * Target: check at >= 80% of the throughput of the one-row write, the floor of any check (a check
 * must count the guess, so it writes): an `UPDATE … RETURNING` of one row on PGlite and
 * PostgreSQL, one Lua script writing one key on Redis, on the same client, at the same
 * concurrency, in the same run, in slices taken in turn. SELECT 1 / PING is printed for context.
 * "its writes" is the check's four writes for a wrong guess and nothing else (bench-stores.ts
 * checkWrites): how near the target a check that keeps those writes could come at all, and, as
 * check / its writes, what the check's reads and rules add to them.
 *
 * Writes bench/results/latest.json (git-ignored).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import bcrypt from "bcryptjs";
import { createCodeHasher, digestsEqual } from "../packages/core/src/code/hash-code";
import { ACCOUNT_FAILURE_MEMORY_SECONDS, ACCOUNT_LOCK_BASE_SECONDS, ACCOUNT_LOCK_MAX_SECONDS, VERIFIES_PER_IP_PER_15_MINUTES, VERIFY_IP_WINDOW_SECONDS } from "@twostep/core";
import type { LockoutPolicy } from "@twostep/core";
import { openBenchStore, type BenchStore, type BenchStoreName } from "./bench-stores";
import { measureSideBySide, microsecondsPerCall, type Measurement } from "./measure";

const STORES = (process.env.BENCH_STORES?.split(",") ?? ["pglite", "postgres", "redis"]) as BenchStoreName[];
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
  /** The one-step check (SQL function, Redis script): what a check over HTTP sends the store. */
  check_ops_per_s: number;
  verify_ops_per_s: number;
  write_ops_per_s: number;
  /** The check's four writes alone (bench-stores.ts checkWrites): the least a check keeping them costs. */
  check_writes_ops_per_s: number;
  roundtrip_ops_per_s: number;
  /** check / write: the target. */
  ratio: number;
  /** The check's four writes alone / write: how near the target any check with those writes can come. */
  check_writes_ratio: number;
  /** check / its writes alone: what the check's reads and rules cost on top of its writes. */
  check_vs_its_writes: number;
  p50_ms: number;
  p99_ms: number;
};

/** The per-IP window as the core passes it; every check comes from an address of its own. */
const IP_WINDOW_SPEC = { name: "verify:ip", points: VERIFIES_PER_IP_PER_15_MINUTES, durationSeconds: VERIFY_IP_WINDOW_SECONDS };
let nextIp = 0;
/** A new address for every check, so the window is opened (an insert), as most honest checks do. */
const freshIp = () => `10.${(nextIp >> 16) & 255}.${(nextIp >> 8) & 255}.${nextIp++ & 255}`;

type Account = { userId: string; wrongHash: string };

async function benchStore(bench: BenchStore): Promise<Row[]> {
  const { store } = bench;
  const accounts = await seedAccounts(store);
  const unexpected = new Map<string, number>();
  const count = (outcome: string) => {
    if (outcome !== "invalid") unexpected.set(outcome, (unexpected.get(outcome) ?? 0) + 1);
  };
  const verifyWrong = async ({ userId, wrongHash }: Account) => {
    count((await store.challenges.verify({ userId, purpose: PURPOSE, codeHash: wrongHash, nowMs: Date.now(), lockout: BENCH_LOCKOUT })).outcome);
  };
  const oneStep = store.challenges.oneStepCheck;
  const checkWrong = oneStep
    ? async ({ userId, wrongHash }: Account) => {
        const ip = freshIp();
        const outcome = await oneStep.check({
          userId, purpose: PURPOSE, codeHash: wrongHash, nowMs: Date.now(), lockout: BENCH_LOCKOUT,
          ipWindow: { spec: IP_WINDOW_SPEC, key: ip }, ip, okEvents: [],
        });
        count(outcome.outcome);
      }
    : verifyWrong;
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
    const { roundTrip, check, verify, write, checkWrites } = await measureSideBySide({
      roundTrip: () => store.ping(),
      check: (caller) => checkWrong(ownAccount(caller)),
      verify: (caller) => verifyWrong(ownAccount(caller)),
      write: (caller) => bench.write(ownAccount(caller).userId),
      checkWrites: (caller) => bench.checkWrites(ownAccount(caller).userId, freshIp()),
    }, options);
    const row = toRow(bench.name, concurrency, { check, verify, write, roundTrip, checkWrites });
    rows.push(row);
    printRow(row, write);
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

function toRow(store: BenchStoreName, concurrency: number, m: Record<"check" | "verify" | "write" | "roundTrip" | "checkWrites", Measurement>): Row {
  return {
    store,
    concurrency,
    check_ops_per_s: Math.round(m.check.opsPerSecond),
    verify_ops_per_s: Math.round(m.verify.opsPerSecond),
    write_ops_per_s: Math.round(m.write.opsPerSecond),
    check_writes_ops_per_s: Math.round(m.checkWrites.opsPerSecond),
    roundtrip_ops_per_s: Math.round(m.roundTrip.opsPerSecond),
    ratio: round(m.check.opsPerSecond / m.write.opsPerSecond, 3),
    check_writes_ratio: round(m.checkWrites.opsPerSecond / m.write.opsPerSecond, 3),
    check_vs_its_writes: round(m.check.opsPerSecond / m.checkWrites.opsPerSecond, 3),
    p50_ms: round(m.check.p50Ms, 3),
    p99_ms: round(m.check.p99Ms, 3),
  };
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));

const COLUMNS = ["store", "conc", "check/s", "1-row write/s", "ratio", "target", "its writes/s", "writes ratio", "check/writes", "p50 ms", "p99 ms", "write p50", "verify/s", "SELECT1/PING/s"];
const WIDTHS = [8, 4, 8, 13, 6, 6, 12, 12, 12, 7, 7, 9, 8, 14];
const line = (cells: (string | number)[]) => cells.map((c, i) => String(c).padStart(WIDTHS[i]!)).join(" ");

function printRow(row: Row, write: Measurement) {
  console.log(line([
    row.store, row.concurrency, row.check_ops_per_s, row.write_ops_per_s, row.ratio.toFixed(2),
    row.ratio >= TARGET_RATIO ? "met" : "MISSED", row.check_writes_ops_per_s, row.check_writes_ratio.toFixed(2),
    row.check_vs_its_writes.toFixed(2), row.p50_ms.toFixed(3), row.p99_ms.toFixed(3), write.p50Ms.toFixed(3),
    row.verify_ops_per_s, row.roundtrip_ops_per_s,
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
  console.log(`check = what one code check sends the store: twostep_check_code() on SQL, the one-step script on Redis (window, verify, audit entry; a wrong guess on a live code; ${USERS} accounts)`);
  console.log("1-row write = UPDATE … RETURNING of one challenge row (SQL) / one Lua script writing one key (Redis), same client: the floor of any check");
  console.log("its writes = the check's four writes for a wrong guess alone, no reads, no rules (window, attempt, failure count, audit row; one statement / one script, its audit entries moved into SQL on Redis): the least a check keeping them can cost");
  console.log(`verify = store.challenges.verify() alone; SELECT1/PING = a bare round trip (context); ${MEASURE_MS / 1000} s each in ${SLICES} slices taken in turn, after ${WARMUP_MS} ms warm-up`);
  console.log(`target: check >= ${TARGET_RATIO * 100}% of the 1-row write's throughput; p50/p99 are the check's\n`);
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
