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
 * `concurrency` callers each await `op(caller)` in a loop until the time is up. The rate divides
 * the operations that finished by the time until the last one finished, so ops still in flight at
 * the deadline are neither lost nor counted for free.
 */
export async function measure(op: (caller: number) => Promise<void>, options: MeasureOptions): Promise<Measurement> {
  await run(op, options.concurrency, options.warmupMs, null);
  const latenciesMs: number[] = [];
  const startedAt = performance.now();
  await run(op, options.concurrency, options.durationMs, latenciesMs);
  const elapsedSeconds = (performance.now() - startedAt) / 1000;
  latenciesMs.sort((a, b) => a - b);
  return {
    ops: latenciesMs.length,
    opsPerSecond: latenciesMs.length / elapsedSeconds,
    p50Ms: percentile(latenciesMs, 0.5),
    p99Ms: percentile(latenciesMs, 0.99),
  };
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
  callRepeatedly(op, durationMs / 5, 1); // warm-up
  return callRepeatedly(op, durationMs, minCalls);
}

function callRepeatedly(op: () => void, durationMs: number, minCalls: number): number {
  const BATCH = 32; // reads the clock once a batch, so the clock costs little beside a 2 µs op
  let calls = 0;
  const startedAt = performance.now();
  const deadline = startedAt + durationMs;
  while (calls < minCalls || performance.now() < deadline) {
    const batch = calls < minCalls ? 1 : BATCH;
    for (let i = 0; i < batch; i++) op();
    calls += batch;
  }
  return ((performance.now() - startedAt) * 1000) / calls;
}
