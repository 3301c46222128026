import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { createFreshDatabase } from "./fresh-database";
import { NEXT_BIN } from "./global-setup";
import { WEB_APP_DIR, webAppPath } from "./web-app";

/**
 * A real production server (`next start` on the build made by test/support/global-setup.ts), on
 * a free loopback port, with its own data: an embedded PGlite folder by default, or the given
 * DATABASE_URL / REDIS_URL. SMS go to the outbox so tests can read codes over HTTP.
 */
export type AppServer = {
  url: string;
  port: number;
  /** The server's process id (`next start` serves in the process it was started as), e.g. for its RSS. */
  pid: number;
  /** The PostgreSQL database the server runs on (from `freshPostgres` or DATABASE_URL), or null on PGlite. */
  databaseUrl: string | null;
  stop(): Promise<void>;
  logs(): string;
};

/**
 * The test servers are production builds on the outbox: a staging deployment as far as the app
 * knows, so they opt in and set this token, which test clients send to read codes.
 */
/**
 * The Node options of the reference app's `npm start` (apps/web/package.json): servers started
 * here run as it does (the V8 heap cap among them, which sets the memory a bench reports), without
 * npm's own process in between. Read from the script, so the two can't drift apart.
 */
export const PRODUCTION_NODE_OPTIONS = (() => {
  const { scripts } = JSON.parse(readFileSync(webAppPath("package.json"), "utf8")) as { scripts: { start: string } };
  const options = /^NODE_OPTIONS="([^"$]*?)\s*(\$NODE_OPTIONS)?" next start$/.exec(scripts.start)?.[1];
  if (options === undefined) throw new Error(`apps/web's start script is not 'NODE_OPTIONS="…" next start': ${scripts.start}`);
  return options;
})();

export const TEST_OUTBOX_TOKEN = "twostep-test-outbox-token-4f2c9e1b7a6d3058";
/** The header (or cookie, twostep_outbox_token) that carries it. */
export const OUTBOX_TOKEN_HEADER = "x-twostep-outbox-token";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.once("error", reject);
  });
}

/**
 * `env` overrides the server's environment; an `undefined` value leaves that variable unset.
 * `freshPostgres` runs the server on a new PostgreSQL database of its own, dropped by stop().
 * With REDIS_URL, each server gets its own REDIS_KEY_PREFIX unless one is given (servers that
 * must share state pass the same one): the machine's Redis outlives test runs, and budgets spent
 * by one run must not refuse the next.
 */
export async function startAppServer(
  env: Record<string, string | undefined> = {},
  options: { freshPostgres?: boolean } = {},
): Promise<AppServer> {
  const fresh = options.freshPostgres ? await createFreshDatabase() : null;
  if (fresh) env = { ...env, DATABASE_URL: fresh.url };
  if (env.REDIS_URL && !env.REDIS_KEY_PREFIX) env = { ...env, REDIS_KEY_PREFIX: `twostep-test-${randomBytes(6).toString("hex")}` };
  if (!existsSync(webAppPath(".next", "BUILD_ID"))) {
    throw new Error("no production build: run `npm run build` (the test global setup does it)");
  }
  const port = Number(env.PORT ?? (await freePort()));
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "twostep-app-"));
  const url = `http://127.0.0.1:${port}`;
  const output: string[] = [];
  const child: ChildProcess = spawn(
    process.execPath,
    [NEXT_BIN, "start", "-p", String(port), "-H", "127.0.0.1"],
    {
      cwd: WEB_APP_DIR,
      env: {
        PATH: process.env.PATH ?? "",
        NODE_ENV: "production",
        DATA_DIR: dataDir,
        SMS_PROVIDER: "outbox",
        TWOSTEP_STAGING_OUTBOX: "i-understand-codes-are-readable",
        OUTBOX_TOKEN: TEST_OUTBOX_TOKEN,
        // No SMTP server: mail (notices, reset links) stays in the mail outbox, read at /api/dev/mail with the token.
        TWOSTEP_STAGING_MAIL_OUTBOX: "i-understand-mail-is-readable",
        // Tests play the proxy: each client says its own address in X-Forwarded-For (or `next
        // start` writes the socket's), so per-IP limits count each test client alone.
        TRUSTED_PROXY_HOPS: "1",
        AUTH_SECRET: randomBytes(32).toString("base64url"),
        CODE_HASH_KEY: randomBytes(32).toString("base64url"),
        TOTP_ENCRYPTION_KEY: randomBytes(32).toString("base64url"),
        APP_ORIGIN: url,
        LOG_LEVEL: "warn",
        NEXT_TELEMETRY_DISABLED: "1",
        ...Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined)),
        // The V8 options `npm start` gives the production server, before any the caller adds.
        NODE_OPTIONS: [PRODUCTION_NODE_OPTIONS, env.NODE_OPTIONS].filter(Boolean).join(" "),
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  child.stdout?.on("data", (d: Buffer) => output.push(d.toString()));
  child.stderr?.on("data", (d: Buffer) => output.push(d.toString()));

  try {
    await waitUntilHealthy(child, url, output);
  } catch (error) {
    await fresh?.drop();
    throw error;
  }
  return {
    url,
    databaseUrl: env.DATABASE_URL ?? null,
    port,
    pid: child.pid!,
    logs: () => output.join(""),
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
        if (child.exitCode === null) child.kill("SIGKILL");
      }
      rmSync(dataDir, { recursive: true, force: true });
      await fresh?.drop();
      if (env.REDIS_URL && env.REDIS_KEY_PREFIX?.startsWith("twostep-test-")) await dropRedisKeys(env.REDIS_URL, env.REDIS_KEY_PREFIX);
    },
  };
}

/** Removes a test server's Redis keys (SCAN, so a big shared Redis isn't blocked). */
async function dropRedisKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
  } catch {
    // Best effort: keys left behind carry their own expiry.
  } finally {
    redis.disconnect();
  }
}

/** Polls /api/health until it answers 200; fails if the process exits first or the deadline passes. */
export async function waitUntilHealthy(child: ChildProcess, url: string, output: string[], seconds = 60): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`app server exited early:\n${output.join("")}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`app server did not become healthy in ${seconds} s:\n${output.join("")}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
