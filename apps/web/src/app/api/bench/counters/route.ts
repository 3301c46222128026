import { getTwoStep, storeCounters } from "@/server/twostep";

export const dynamic = "force-dynamic";

/**
 * Store round trips so far (database statements, transactions, Redis commands) and memory, for
 * `npm run bench:http`, which reads them before and after a load run. A 404 unless the server was
 * started with TWOSTEP_BENCH_COUNTERS=1: counts of requests are nobody else's business.
 */
export async function GET(): Promise<Response> {
  const counters = storeCounters();
  if (!counters) return new Response("Not Found", { status: 404 });
  // The core opens its stores on first use; counting starts with them.
  await getTwoStep();
  // Where the server's memory is (V8's heap, buffers, the rest native), beside its RSS.
  const { rss, heapTotal, heapUsed, external, arrayBuffers } = process.memoryUsage();
  return Response.json({ ...counters, memory: { rss, heapTotal, heapUsed, external, arrayBuffers } }, { headers: { "cache-control": "no-store" } });
}
