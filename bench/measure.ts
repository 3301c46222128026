/** Runs an operation from many concurrent callers for a fixed time and reports its rate and latency. */

export type Measurement = {
  ops: number;
  opsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
};

export type MeasureOptions = {
  concurrency: number;
  /** Discarded: JIT, connection set-up, plan caches. */
  warmupMs: number;
  durationMs: number;
};

/**
 * Several operations, each from `concurrency` callers that await it in a loop, measured in
 * `slices` short slices taken in turn, so that load from anything else on the machine weighs on
 * each of them alike and their ratio stays fair. A slice ends once the ops in flight at its
 * deadline finish, and counts that time: no op is lost or counted for free.
 */
export async function measureSideBySide<K extends string>(
  ops: Record<K, (caller: number) => Promise<void>>,
  options: MeasureOptions & { slices: number },
): Promise<Record<K, Measurement>> {
  const names = Object.keys(ops) as K[];
  const sliceMs = options.durationMs / options.slices;
  const tally = new Map(names.map((name) => [name, { latenciesMs: [] as number[], elapsedMs: 0 }]));
  for (const name of names) await run(ops[name], options.concurrency, options.warmupMs, null);
  for (let slice = 0; slice < options.slices; slice++) {
    for (const name of names) {
      const entry = tally.get(name)!;
      const startedAt = performance.now();
      await run(ops[name], options.concurrency, sliceMs, entry.latenciesMs);
      entry.elapsedMs += performance.now() - startedAt;
    }
  }
  const result = {} as Record<K, Measurement>;
  for (const name of names) {
    const { latenciesMs, elapsedMs } = tally.get(name)!;
    latenciesMs.sort((a, b) => a - b);
    result[name] = {
      ops: latenciesMs.length,
      opsPerSecond: latenciesMs.length / (elapsedMs / 1000),
      p50Ms: percentile(latenciesMs, 0.5),
      p99Ms: percentile(latenciesMs, 0.99),
    };
  }
  return result;
}

async function run(op: (caller: number) => Promise<void>, concurrency: number, durationMs: number, latenciesMs: number[] | null) {
  const deadline = performance.now() + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, caller) => {
      while (performance.now() < deadline) {
        const began = performance.now();
        await op(caller);
        latenciesMs?.push(performance.now() - began);
      }
    }),
  );
}

function percentile(sortedMs: number[], fraction: number): number {
  if (sortedMs.length === 0) return Number.NaN;
  return sortedMs[Math.min(sortedMs.length - 1, Math.floor(fraction * sortedMs.length))]!;
}

/** Microseconds per call of a synchronous `op`, over about `durationMs` (and at least `minCalls` calls). */
export function microsecondsPerCall(op: () => void, durationMs: number, minCalls = 1): number {
  const warmUpUs = callRepeatedly(op, durationMs / 5, 1, 1);
  // Fast ops read the clock once per batch, so the clock costs little beside a 2 µs op; slow ones
  // (bcrypt) read it every call, so the time box holds.
  return callRepeatedly(op, durationMs, minCalls, warmUpUs < 50 ? 32 : 1);
}

function callRepeatedly(op: () => void, durationMs: number, minCalls: number, batch: number): number {
  let calls = 0;
  const startedAt = performance.now();
  const deadline = startedAt + durationMs;
  while (calls < minCalls || performance.now() < deadline) {
    for (let i = 0; i < batch; i++) op();
    calls += batch;
  }
  return ((performance.now() - startedAt) * 1000) / calls;
}
