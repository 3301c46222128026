import { isIP } from "node:net";
import { z } from "zod";
import type { ClusterNodeAddress } from "../adapters/redis/open-redis.js";

/**
 * REDIS_CLUSTER_NODES=host:port,host:port,…: a few nodes of a Redis Cluster (the client learns the
 * rest from the cluster). IPv6 addresses in brackets: [::1]:7000.
 */
const NODE = /^(?:\[([0-9a-fA-F:.]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})$/;

function parseNode(entry: string): ClusterNodeAddress | null {
  const match = NODE.exec(entry);
  if (!match) return null;
  const host = match[1] ?? match[2]!;
  const port = Number(match[3]);
  if (port < 1 || port > 65_535) return null;
  if (match[1] !== undefined && isIP(host) !== 6) return null;
  return { host, port };
}

export const redisClusterNodesSetting = z.string().transform((value, ctx) => {
  const entries = value.split(",").map((entry) => entry.trim()).filter((entry) => entry !== "");
  const nodes = entries.map(parseNode);
  const bad = entries.filter((_, i) => nodes[i] === null);
  if (entries.length === 0 || bad.length > 0) {
    ctx.addIssue({ code: "custom", message: `host:port entries separated by commas, e.g. 10.0.0.1:7000,10.0.0.2:7000 (not ${bad.map((b) => JSON.stringify(b)).join(", ") || "empty"})` });
    return z.NEVER;
  }
  return nodes as ClusterNodeAddress[];
});
