// Threat: a PostgreSQL host that freezes (connections open, nothing answers) holds every statement
// sent to it until TCP gives up, many minutes later, and with them every request of every caller
// that does not set its own deadline; the pool stays full of dead connections after the host is
// back. Any statement left unanswered for STALLED_CONNECTION_MS fails, the connection is dropped,
// and the next statement runs on a fresh one; an idle pooled connection is never dropped. Steady
// traffic onto the frozen connection (new statements every second) must not keep it alive.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { openDatabase, pingDatabase, type DatabaseHandle } from "@twostep/core/sql";
import { createFreshDatabase } from "../support/fresh-database";
import { postgresAvailable, TEST_DATABASE_URL } from "../support/services";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy";

const STALLED_CONNECTION_MS = 5_000;

describe("a stalled PostgreSQL connection", async () => {
  const run = await postgresAvailable();
  let proxy: TcpProxy | undefined;
  let handle: DatabaseHandle | undefined;
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    if (!run) return;
    const fresh = await createFreshDatabase();
    drop = fresh.drop;
    const upstream = new URL(TEST_DATABASE_URL);
    proxy = await startTcpProxy({ host: upstream.hostname, port: Number(upstream.port || 5432) });
    const viaProxy = new URL(fresh.url);
    viaProxy.hostname = "127.0.0.1";
    viaProxy.port = String(proxy.port);
    handle = await openDatabase({ url: viaProxy.toString(), maxConnections: 1 });
  });
  afterAll(async () => {
    proxy?.thaw();
    await handle?.close();
    await drop?.();
    await proxy?.stop();
  });

  // postgres.js returns the rows as an array: which server process (so which connection) answered.
  const backendPid = async () => ((await handle!.db.execute(sql`SELECT pg_backend_pid() AS pid`)) as unknown as { pid: number }[])[0]!.pid;

  it.runIf(run)("keeps an idle connection past the deadline", async () => {
    const before = await backendPid();
    await new Promise((resolve) => setTimeout(resolve, STALLED_CONNECTION_MS + 1_000));
    expect(await backendPid()).toBe(before);
  });

  it.runIf(run)("fails a statement nobody answers at the deadline, then works on a fresh connection", async () => {
    const before = await backendPid();
    proxy!.freeze();
    const started = Date.now();
    // No deadline of the caller's own: the connection's is all there is.
    const outcome = await pingDatabase(handle!.db).then(() => "answered", (error: unknown) => error);
    const waitedMs = Date.now() - started;
    proxy!.thaw();
    expect(outcome).toBeInstanceOf(Error);
    expect(waitedMs).toBeGreaterThanOrEqual(STALLED_CONNECTION_MS - 100);
    expect(waitedMs).toBeLessThan(STALLED_CONNECTION_MS + 2_000);
    expect(await backendPid()).not.toBe(before);
  });

  it.runIf(run)("fails it at the deadline too while new statements keep arriving on the frozen connection", async () => {
    const before = await backendPid();
    proxy!.freeze();
    const started = Date.now();
    const first = pingDatabase(handle!.db).then(
      () => ({ answered: true, waitedMs: Date.now() - started }),
      () => ({ answered: false, waitedMs: Date.now() - started }),
    );
    // One more statement a second, each written to the same (only) connection.
    const later: Promise<unknown>[] = [];
    const traffic = setInterval(() => later.push(pingDatabase(handle!.db).catch(() => undefined)), 1_000);
    const outcome = await Promise.race([first, new Promise<{ answered: null; waitedMs: number }>((resolve) => setTimeout(() => resolve({ answered: null, waitedMs: Date.now() - started }), 3 * STALLED_CONNECTION_MS))]);
    clearInterval(traffic);
    proxy!.thaw();
    await Promise.all(later);
    expect(outcome.answered).toBe(false);
    expect(outcome.waitedMs).toBeLessThan(STALLED_CONNECTION_MS + 2_000);
    expect(await backendPid()).not.toBe(before);
  }, 30_000);
});
