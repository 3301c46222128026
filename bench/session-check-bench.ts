// What the session gate costs per request: registry.check() (one read by primary key, or one
// HGETALL) timed on PGlite, PostgreSQL and Redis. Run: npx tsx --conditions=source bench/session-check-bench.ts
import { performance } from "node:perf_hooks";
import { createSessionRegistry, type SessionStore } from "@twostep/core";
import { createRedisSessionStore, openRedis } from "@twostep/core/redis";
import { createSqlSessionStore, openDatabase } from "@twostep/core/sql";

const CHECKS = 5_000;

async function measure(name: string, store: SessionStore): Promise<void> {
  const registry = createSessionRegistry({ store });
  const sessions = await Promise.all(Array.from({ length: 1_000 }, (_, i) => registry.open({ userId: `bench-${i % 100}`, stage: "full", factor: "sms" })));
  for (let i = 0; i < 200; i++) await registry.check(sessions[i % sessions.length]!.id);
  const samples: number[] = [];
  for (let i = 0; i < CHECKS; i++) {
    const started = performance.now();
    const record = await registry.check(sessions[i % sessions.length]!.id);
    samples.push(performance.now() - started);
    if (!record) throw new Error("a live session read as ended");
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.floor(q * (samples.length - 1))]!.toFixed(3);
  const mean = (samples.reduce((s, x) => s + x, 0) / samples.length).toFixed(3);
  console.log(`${name.padEnd(12)} mean ${mean} ms  p50 ${at(0.5)} ms  p99 ${at(0.99)} ms  (${CHECKS} sequential checks)`);
}

const pglite = await openDatabase({ pgliteMemory: true });
await measure("PGlite", createSqlSessionStore(pglite.db));
await pglite.close();

const postgresUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const postgres = await openDatabase({ url: postgresUrl, tablePrefix: "sessbench_" });
await measure("PostgreSQL", createSqlSessionStore(postgres.db, { tables: postgres.tables }));
await postgres.close();

const redis = await openRedis(process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379");
const prefix = `twostep-bench-${Date.now()}`;
await measure("Redis", createRedisSessionStore(redis, prefix));
const keys = await redis.keys(`${prefix}:*`);
if (keys.length > 0) await redis.del(...keys);
redis.disconnect();
