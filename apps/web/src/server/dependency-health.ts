import { pingDatabase } from "@twostep/core/sql";
import { pingRedis } from "@twostep/core/redis";
import type { TwoStep } from "@twostep/core/env";

/**
 * Longest a health probe waits for one dependency. Shorter than any load balancer's check timeout
 * (commonly 5 s), so a stalled database turns the check red instead of timing the check out.
 */
export const HEALTH_PROBE_DEADLINE_MS = 2_000;

export type DependencyHealth = { ok: boolean; latencyMs: number; problem?: "DOWN" | "NO_ANSWER" };

/**
 * Every dependency a request may need, probed side by side: the SQL database and, when configured,
 * Redis: one server, or every primary of a cluster (one master gone is a red check, not an average).
 */
export async function checkDependencies(twostep: TwoStep): Promise<Record<string, DependencyHealth & { kind: string }>> {
  const client = twostep.redis;
  const [database, redis] = await Promise.all([
    probe(() => pingDatabase(twostep.db)),
    client ? probe(() => pingRedis(client)) : null,
  ]);
  return {
    database: { kind: twostep.databaseKind, ...database },
    ...(client && redis ? { redis: { kind: client.isCluster ? "redis-cluster" : "redis", ...redis } } : {}),
  };
}

async function probe(check: () => Promise<unknown>): Promise<DependencyHealth> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const silence = new Promise<"NO_ANSWER">((resolve) => (timer = setTimeout(() => resolve("NO_ANSWER"), HEALTH_PROBE_DEADLINE_MS)));
  try {
    const outcome = await Promise.race([check().then(() => "OK" as const), silence]);
    const latencyMs = Math.round(performance.now() - started);
    return outcome === "OK" ? { ok: true, latencyMs } : { ok: false, latencyMs, problem: "NO_ANSWER" };
  } catch {
    return { ok: false, latencyMs: Math.round(performance.now() - started), problem: "DOWN" };
  } finally {
    clearTimeout(timer);
  }
}
