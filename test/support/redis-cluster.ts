import { execFile, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { Redis } from "ioredis";

/**
 * A real Redis Cluster on loopback, started and torn down by the test that needs it: N primaries
 * (and one replica each, if asked) as redis-server processes in cluster mode on free ports, joined
 * by `redis-cli --cluster create`. Nothing is saved to disk beyond the cluster's own node files in
 * a temporary folder.
 */

const run = promisify(execFile);
const REQUIRED = process.env.REQUIRE_SERVICES === "1";
const READY_WITHIN_MS = 30_000;

export type ClusterNode = { host: "127.0.0.1"; port: number };
export type LocalRedisCluster = {
  /** Every node, primaries and replicas, as a client's startup list. */
  nodes: ClusterNode[];
  /** The primaries' ports and, for each, its replica's port (if any), from CLUSTER NODES. */
  topology(): Promise<{ primary: number; replicas: number[] }[]>;
  /** SIGSTOP / SIGCONT a node: a frozen host, connections open and silent. */
  freeze(port: number): void;
  thaw(port: number): void;
  stop(): Promise<void>;
};

/** redis-server and redis-cli on PATH: under REQUIRE_SERVICES=1 a missing one fails the run. */
export async function redisClusterAvailable(): Promise<boolean> {
  const ok = ["redis-server", "redis-cli"].every((bin) => spawnSync(bin, ["--version"], { stdio: "ignore" }).status === 0);
  if (!ok && REQUIRED) throw new Error("redis-server/redis-cli not found, and REQUIRE_SERVICES=1 forbids skipping the Redis Cluster tests");
  if (!ok) console.warn("\n[notice] redis-server/redis-cli not found: the Redis Cluster tests are SKIPPED.\n");
  return ok;
}

/** `count` distinct free ports: all held open until all are chosen, so none is handed out twice. */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () =>
      new Promise<net.Server>((resolve, reject) => {
        const server = net.createServer();
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => resolve(server));
      }),
    ),
  );
  const ports = servers.map((server) => (server.address() as net.AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

export async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>): Promise<T> {
  const deadline = Date.now() + READY_WITHIN_MS;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Redis Cluster on loopback: ${what} not within ${READY_WITHIN_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A plain connection to one node of the cluster, for a test to look at it directly. */
export async function onNode<T>(port: number, work: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis({ host: "127.0.0.1", port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on("error", () => {});
  try {
    await redis.connect();
    return await work(redis);
  } finally {
    redis.disconnect();
  }
}

export async function startRedisCluster(options: { primaries: number; replicasPerPrimary: 0 | 1 }): Promise<LocalRedisCluster> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "twostep-redis-cluster-"));
  const count = options.primaries * (1 + options.replicasPerPrimary);
  const processes = new Map<number, ChildProcess>();
  const stop = async () => {
    await Promise.all(
      [...processes.values()].map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once("exit", () => resolve());
            child.kill("SIGCONT");
            child.kill("SIGKILL");
          }),
      ),
    );
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const free = await freePorts(count * 2);
    for (let i = 0; i < count; i++) {
      // The cluster bus gets its own free port (--cluster-port), not the default port + 10000.
      const [port, busPort] = [free[2 * i]!, free[2 * i + 1]!];
      const child = spawn(
        "redis-server",
        [
          "--port", String(port), "--cluster-port", String(busPort), "--bind", "127.0.0.1",
          "--cluster-enabled", "yes", "--cluster-config-file", path.join(dir, `nodes-${port}.conf`),
          "--cluster-node-timeout", "2000", "--dir", dir,
          "--save", "", "--appendonly", "no", "--daemonize", "no",
        ],
        { stdio: "ignore" },
      );
      child.once("exit", (code) => {
        if (code !== null && code !== 0) console.warn(`[redis-cluster] redis-server on ${port} exited with ${code}`);
      });
      processes.set(port, child);
    }
    const ports = [...processes.keys()];
    await Promise.all(ports.map((port) => until(`node ${port} answering`, () => onNode(port, (r) => r.ping()))));
    await run("redis-cli", [
      "--cluster", "create", ...ports.map((port) => `127.0.0.1:${port}`),
      "--cluster-replicas", String(options.replicasPerPrimary), "--cluster-yes",
    ]);
    // Ready when every node says ok and sees every primary with its replicas (what clients read).
    const expected = options.primaries * (1 + options.replicasPerPrimary);
    await Promise.all(
      ports.map((port) =>
        until(`node ${port} seeing the whole cluster`, () =>
          onNode(port, async (r) => {
            const info = await r.cluster("INFO");
            const slots = (await r.cluster("SLOTS")) as unknown[][];
            const seen = slots.reduce((sum, range) => sum + range.length - 2, 0);
            return /^cluster_state:ok\b/m.test(info) && slots.length === options.primaries && seen === expected;
          }),
        ),
      ),
    );
  } catch (error) {
    await stop();
    throw error;
  }

  const signal = (port: number, name: NodeJS.Signals) => {
    const child = processes.get(port);
    if (!child) throw new Error(`no node on port ${port}`);
    child.kill(name);
  };
  return {
    nodes: [...processes.keys()].map((port) => ({ host: "127.0.0.1", port })),
    async topology() {
      const text = String(await onNode([...processes.keys()][0]!, (r) => r.cluster("NODES")));
      const lines = text.trim().split("\n").map((line) => line.split(" "));
      const portOf = (address: string) => Number(address.split("@")[0]!.split(":")[1]);
      return lines
        .filter((fields) => fields[2]!.includes("master"))
        .map((fields) => ({
          primary: portOf(fields[1]!),
          replicas: lines.filter((other) => other[3] === fields[0]).map((other) => portOf(other[1]!)),
        }));
    },
    freeze: (port) => signal(port, "SIGSTOP"),
    thaw: (port) => signal(port, "SIGCONT"),
    stop,
  };
}
