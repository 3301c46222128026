import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, waitUntilHealthy } from "../../support/app-server";
import { REPO_ROOT } from "../../support/web-app";

export type DevServer = { url: string; dataDir: string; logs(): string; stop(): Promise<void> };

/**
 * The README's first command, `npm run dev` from the repository's root, with nothing configured:
 * no DATABASE_URL, REDIS_URL, secrets or SMS provider, only a free port and, so a test run
 * leaves a developer's own `.data/` alone, a throwaway DATA_DIR. npm starts a chain of processes
 * (npm, the packages' build, `next dev` and its worker), so it runs in a process group of its own
 * and stop() ends the whole group.
 */
export async function startDevServer(): Promise<DevServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "twostep-dev-"));
  // The address the README gives (next.config's allowedDevOrigins lets 127.0.0.1 work too).
  const url = `http://localhost:${port}`;
  const output: string[] = [];
  const child: ChildProcess = spawn("npm", ["run", "dev"], {
    cwd: REPO_ROOT,
    detached: true,
    // NODE_ENV as `next dev` sets it for itself anyway.
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? os.homedir(), NODE_ENV: "development", PORT: String(port), DATA_DIR: dataDir, NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d: Buffer) => output.push(d.toString()));
  child.stderr?.on("data", (d: Buffer) => output.push(d.toString()));

  const stop = async () => {
    // A signal to the whole group, as Ctrl-C in a terminal sends one, so `next dev` can write
    // Turbopack's cache in .next/dev on the way out; what is left of the group after 15 s is killed.
    signalGroup(child.pid!, "SIGTERM");
    for (let waited = 0; groupAlive(child.pid!) && waited < 15_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
    signalGroup(child.pid!, "SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    // The packages' build, then Turbopack compiling /api/health on its first request.
    await waitUntilHealthy(child, url, output, 120);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, dataDir, logs: () => output.join(""), stop };
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}
