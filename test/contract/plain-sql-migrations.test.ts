// Behaviour: a host that runs its own migrator gets twostep's schema as plain SQL (the twostep-sql
// bin, renderMigrationSql) that, applied once like psql would to an empty PostgreSQL database,
// gives a working store under its prefix: codes are accepted once, limits count, logs are written.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { randomUUID } from "node:crypto";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import {
  createSqlAuditLog,
  createSqlSmsLog,
  createSqlStateStore,
  MIGRATIONS_DIR,
  openDatabase,
  renderMigrationSql,
} from "@twostep/core/sql";
import { createFreshDatabase } from "../support/fresh-database";
import { postgresAvailable } from "../support/services";

const PREFIX = "host_twostep_";
const LOCKOUT = { thresholdFailures: 10, baseLockMs: 60_000, maxLockMs: 86_400_000, failureMemoryMs: 86_400_000 };

/** The bin as a host runs it (`npx twostep-sql --prefix …`), here from the package's source. */
async function twostepSql(args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(
    path.join("node_modules", ".bin", "tsx"),
    ["--conditions=@twostep/source", "packages/core/src/adapters/sql/twostep-sql-cli.ts", ...args],
    { cwd: process.cwd(), timeout: 60_000 },
  );
  return stdout;
}

describe("twostep's schema as plain SQL for a host's own migrator", async () => {
  const run = await postgresAvailable();

  it("prints every migration, in order, under the prefix", { timeout: 60_000 }, async () => {
    const printed = await twostepSql(["--prefix", PREFIX]);
    const migrations = renderMigrationSql({ tablePrefix: PREFIX });
    // The journal's order (each new migration adds itself there), starting with the first three.
    const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_DIR, "meta", "_journal.json"), "utf8")) as { entries: { tag: string }[] };
    expect(migrations.map((m) => m.name)).toEqual(journal.entries.map((e) => e.tag));
    expect(migrations.slice(0, 3).map((m) => m.name)).toEqual(["0000_init", "0001_verify_function", "0002_sms_pumping_guard"]);
    let at = 0;
    for (const m of migrations) {
      at = printed.indexOf(m.sql.trimEnd(), at);
      expect(at).toBeGreaterThan(-1);
    }
    expect(printed).toContain(`CREATE OR REPLACE FUNCTION ${PREFIX}twostep_verify(`);
  });

  it.runIf(run)("applied like psql to an empty database, gives a working store", { timeout: 60_000 }, async () => {
    const fresh = await createFreshDatabase();
    const psqlLike = postgres(fresh.url, { max: 1, onnotice: () => {} });
    let handle: Awaited<ReturnType<typeof openDatabase>> | undefined;
    try {
      // One simple-protocol query with every statement: what `psql -1 -f twostep.sql` sends.
      await psqlLike.unsafe(await twostepSql(["--prefix", PREFIX]));
      handle = await openDatabase({ url: fresh.url, tablePrefix: PREFIX, migrate: false });
      const tables = handle.tables;
      const store = createSqlStateStore(handle.db, { tables });

      const userId = `user-${randomUUID()}`;
      const hash = "5a".repeat(32);
      await store.challenges.save({
        id: randomUUID(), userId, purpose: "sign_in", phoneE164: "+12015550123", codeHash: hash,
        maxAttempts: 5, expiresAtMs: Date.now() + 300_000, sentAtMs: Date.now(), messageId: null,
      });
      const verify = () => store.challenges.verify({ userId, purpose: "sign_in", codeHash: hash, nowMs: Date.now(), lockout: LOCKOUT });
      expect(await verify()).toMatchObject({ outcome: "ok" });
      expect(await verify()).toEqual({ outcome: "not_found" });

      const limiter = store.limiter({ name: "plain-sql", points: 1, durationSeconds: 60 });
      expect(await limiter.consume("k")).toEqual({ allowed: true });
      expect((await limiter.consume("k")).allowed).toBe(false);

      await createSqlAuditLog(handle.db, { tables }).record({ userId, type: "sign_in.succeeded" });
      expect(await createSqlAuditLog(handle.db, { tables }).recentForUser(userId)).toHaveLength(1);
      await createSqlSmsLog(handle.db, { tables }).record({
        id: randomUUID(), provider: "outbox", providerMessageId: null, toE164: "+12015550123",
        countryCallingCode: "1", body: null, status: "queued", errorCode: null, challengeId: null, purpose: "sign_in", userId,
      });
      const [row] = await psqlLike.unsafe(`SELECT count(*)::int AS n FROM ${PREFIX}sms_messages`);
      expect(row).toEqual({ n: 1 });
    } finally {
      await handle?.close();
      await psqlLike.end();
      await fresh.drop();
    }
  });
});
