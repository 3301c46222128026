import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { freePort } from "../../../test/support/app-server";

const EXAMPLE_DIR = path.resolve(import.meta.dirname, "..");
const NEXT_BIN = createRequire(path.join(EXAMPLE_DIR, "package.json")).resolve("next/dist/bin/next");
const READY_TIMEOUT_MS = 60_000;

/**
 * The example's production build, on the packages' dist/ (the examples project's global setup
 * builds those first). SKIP_BUILD=1 reuses an existing build. Run the test under
 * `flock /work/web-tests.lock` (or alone): two builds at once fight over .next.
 */
export function buildExample(): void {
  if (process.env.SKIP_BUILD === "1" && existsSync(path.join(EXAMPLE_DIR, ".next", "BUILD_ID"))) return;
  execFileSync(process.execPath, [NEXT_BIN, "build"], {
    cwd: EXAMPLE_DIR,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
}

export type ExampleServer = { url: string; logs(): string; stop(): Promise<void> };

/** `next start` on a free loopback port with a throwaway data folder and fresh secrets. */
export async function startExample(): Promise<ExampleServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "twostep-example-"));
  const output: string[] = [];
  const child = spawn(process.execPath, [NEXT_BIN, "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: EXAMPLE_DIR,
    env: {
      PATH: process.env.PATH ?? "",
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATA_DIR: dataDir,
      APP_ORIGIN: url,
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      CODE_HASH_KEY: randomBytes(32).toString("base64url"),
      TOTP_ENCRYPTION_KEY: randomBytes(32).toString("base64url"),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.on("data", (d: Buffer) => output.push(d.toString()));
  child.stderr.on("data", (d: Buffer) => output.push(d.toString()));
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the example exited early:\n${output.join("")}`);
    // Ready once the database is open, migrated and seeded.
    const ok = await fetch(`${url}/api/health`).then((res) => res.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the example was not ready in ${READY_TIMEOUT_MS} ms:\n${output.join("")}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { url, logs: () => output.join(""), stop };
}
