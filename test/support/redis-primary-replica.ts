import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePorts, onNode, until } from "./redis-cluster";

/**
 * One Redis server and, if asked, one replica of it, on loopback, started and torn down by the
 * test that needs them (no cluster mode: the single-server deployment with a standby).
 */
export type LocalRedisServer = { port: number; replicaPort: number | null; url: string; stop(): Promise<void> };

export async function startRedisServer(options: {
  withReplica: boolean;
  /** More `redis-server` options for the primary, e.g. `["--rename-command", "XTRIM", ""]`. */
  primaryArgs?: string[];
}): Promise<LocalRedisServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "twostep-redis-server-"));
  const [port, replicaPort] = await freePorts(2);
  const children: ChildProcess[] = [];
  const start = (listenOn: number, extra: string[]) => {
    const child = spawn("redis-server", ["--port", String(listenOn), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "no", ...extra], { stdio: "ignore" });
    children.push(child);
  };
  const stop = async () => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once("exit", () => resolve());
            child.kill("SIGKILL");
          }),
      ),
    );
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    start(port!, options.primaryArgs ?? []);
    await until(`server ${port} answering`, () => onNode(port!, (r) => r.ping()));
    if (options.withReplica) {
      start(replicaPort!, ["--replicaof", "127.0.0.1", String(port)]);
      // Ready when the primary lists it as a connected replica that has caught up.
      await until(`replica ${replicaPort} in sync`, () =>
        onNode(port!, async (r) => /^slave0:.*state=online/m.test(await r.info("replication"))),
      );
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { port: port!, replicaPort: options.withReplica ? replicaPort! : null, url: `redis://127.0.0.1:${port}`, stop };
}
