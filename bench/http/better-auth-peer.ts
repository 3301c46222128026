/**
 * The peer of `npm run bench:http`: better-auth's two-factor `verify-otp` on a Next.js app of
 * twostep's Next version (bench/better-auth-app, a folder outside the npm workspace with its own
 * lock file, so its packages never enter the root lock). Installed and built on first use.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { freePort } from "../../test/support/app-server";

const APP_DIR = fileURLToPath(new URL("../better-auth-app/", import.meta.url));
const NEXT_BIN = `${APP_DIR}node_modules/next/dist/bin/next`;
const PASSWORD = "correct horse battery staple";
const SIGN_IN_CONCURRENCY = 8;

export type PeerServer = { url: string; pid: number; logs(): string; stop(): Promise<void> };

/** npm ci (under the shared npm lock) and next build, each only when missing. */
export function ensurePeerBuild(): void {
  if (!existsSync(NEXT_BIN)) {
    console.log("installing bench/better-auth-app (npm ci)...");
    execFileSync("flock", ["/work/npm.lock", "npm", "ci", "--no-audit", "--no-fund"], { cwd: APP_DIR, stdio: ["ignore", "ignore", "inherit"] });
  }
  if (!existsSync(`${APP_DIR}.next/BUILD_ID`)) {
    console.log("building bench/better-auth-app (next build)...");
    execFileSync(process.execPath, [NEXT_BIN, "build"], {
      cwd: APP_DIR,
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    });
  }
}

/** better-auth's tables in `databaseUrl` (its migrate script, as its CLI would). */
export function migratePeer(databaseUrl: string): void {
  execFileSync(process.execPath, ["migrate.mjs"], {
    cwd: APP_DIR,
    stdio: ["ignore", "ignore", "inherit"],
    env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", DATABASE_URL: databaseUrl, BETTER_AUTH_SECRET: randomBytes(32).toString("base64url"), BETTER_AUTH_URL: "http://127.0.0.1" },
  });
}

export async function startPeer(options: { databaseUrl: string; rateLimit: boolean; nodeOptions?: string }): Promise<PeerServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const output: string[] = [];
  const child: ChildProcess = spawn(process.execPath, [NEXT_BIN, "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: APP_DIR,
    env: {
      PATH: process.env.PATH ?? "",
      NODE_ENV: "production" as const,
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: options.databaseUrl,
      BETTER_AUTH_SECRET: randomBytes(32).toString("base64url"),
      BETTER_AUTH_URL: url,
      BA_RATE_LIMIT: options.rateLimit ? "1" : "0",
      ...(options.nodeOptions ? { NODE_OPTIONS: options.nodeOptions } : {}),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d: Buffer) => output.push(d.toString()));
  child.stderr?.on("data", (d: Buffer) => output.push(d.toString()));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`better-auth app exited: ${output.join("")}`);
    try {
      if ((await fetch(`${url}/api/bench/counters`)).ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`better-auth app did not start: ${output.join("")}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    pid: child.pid!,
    logs: () => output.join(""),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    },
  };
}

let nextAddress = 1;
/** 172.16.0.0/12 addresses for sign-ins, never reused, so better-auth's per-IP limits never answer them. */
const signInAddress = () => {
  const n = nextAddress++;
  return `172.${16 + ((n >> 16) & 15)}.${(n >> 8) & 255}.${n & 255}`;
};

const cookiesOf = (response: Response) =>
  response.headers.getSetCookie().map((c) => c.split(";")[0]!).filter((c) => !c.endsWith("="));

/**
 * Pending two-factor sign-ins, made as a user makes them: accounts with 2FA on (the first signed
 * up over HTTP; the rest written into the database with its password hash, as twostep's bench
 * shares one argon2id hash), then each signs in with its password over HTTP and asks for an OTP
 * (send-otp). Each token is the `better-auth.two_factor` cookie of one sign-in.
 */
export async function openPeerSessionFactory(databaseUrl: string, appUrl: string) {
  const sql = postgres(databaseUrl, { max: 4, onnotice: () => {} });
  const runId = randomUUID().slice(0, 8);
  let made = 0;
  const post = (path: string, body: unknown, cookie = "") =>
    fetch(`${appUrl}/api/auth${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: appUrl, "x-forwarded-for": signInAddress(), ...(cookie ? { cookie } : {}) },
      body: JSON.stringify(body),
    });

  const first = `bench-ba-${runId}-first@example.com`;
  const signedUp = await post("/sign-up/email", { email: first, password: PASSWORD, name: "bench" });
  if (!signedUp.ok) throw new Error(`better-auth sign-up refused: ${signedUp.status} ${await signedUp.text()}`);
  const [credential] = await sql<{ password: string }[]>`SELECT a.password FROM account a JOIN "user" u ON u.id = a."userId" WHERE u.email = ${first}`;
  if (!credential) throw new Error("better-auth stored no password for the first bench account");
  const passwordHash = credential.password;

  async function seedAccount(): Promise<string> {
    const email = `bench-ba-${runId}-${made++}@example.com`;
    const id = randomUUID();
    await sql`INSERT INTO "user" (id, name, email, "emailVerified", "createdAt", "updatedAt", "twoFactorEnabled") VALUES (${id}, 'bench', ${email}, true, now(), now(), true)`;
    await sql`INSERT INTO account (id, "accountId", "providerId", "userId", password, "createdAt", "updatedAt") VALUES (${randomUUID()}, ${id}, 'credential', ${id}, ${passwordHash}, now(), now())`;
    return email;
  }

  async function pendingSignIn(): Promise<string> {
    const email = await seedAccount();
    const signIn = await post("/sign-in/email", { email, password: PASSWORD });
    const body = (await signIn.json()) as { twoFactorRedirect?: boolean };
    if (!signIn.ok || !body.twoFactorRedirect) throw new Error(`better-auth sign-in did not ask for a second factor: ${signIn.status} ${JSON.stringify(body)}`);
    const cookie = cookiesOf(signIn).join("; ");
    const sent = await post("/two-factor/send-otp", {}, cookie);
    if (!sent.ok) throw new Error(`better-auth send-otp refused: ${sent.status} ${await sent.text()}`);
    return cookie;
  }

  return {
    /** `count` cookie headers, each of a sign-in waiting for its OTP. */
    async pendingSessions(count: number): Promise<string[]> {
      const cookies: string[] = [];
      let next = 0;
      await Promise.all(Array.from({ length: SIGN_IN_CONCURRENCY }, async () => {
        while (next < count) {
          next++;
          cookies.push(await pendingSignIn());
        }
      }));
      return cookies;
    },
    close: () => sql.end(),
  };
}
