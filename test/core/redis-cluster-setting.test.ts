// Behaviour: a Redis Cluster is named by REDIS_CLUSTER_NODES (host:port, comma separated), checked
// at start-up; a malformed entry, or a cluster next to REDIS_URL, stops start-up with the variable
// named rather than leaving the app to guess which Redis it should trust.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "@twostep/core/env";

const base = () => ({ DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "twostep-cluster-setting-")) });
const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig({ ...base(), ...env });
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
};

describe("REDIS_CLUSTER_NODES", () => {
  it("reads host:port entries, IPv6 in brackets, spaces ignored", () => {
    const config = loadConfig({ ...base(), REDIS_CLUSTER_NODES: "10.0.0.1:7000, redis-b.internal:7001,[::1]:7002" });
    expect(config.redisClusterNodes).toEqual([
      { host: "10.0.0.1", port: 7000 },
      { host: "redis-b.internal", port: 7001 },
      { host: "::1", port: 7002 },
    ]);
    expect(config.redisUrl).toBeNull();
    expect(loadConfig(base()).redisClusterNodes).toBeNull();
  });

  it("refuses entries without a port, with a bad port, URLs, and an empty list", () => {
    for (const bad of ["10.0.0.1", "10.0.0.1:0", "10.0.0.1:70000", "redis://10.0.0.1:7000", "::1:7000", " , "]) {
      expect(problemsOf({ REDIS_CLUSTER_NODES: bad }).join()).toMatch(/REDIS_CLUSTER_NODES/);
    }
  });

  it("refuses a cluster and REDIS_URL together", () => {
    const problems = problemsOf({ REDIS_CLUSTER_NODES: "127.0.0.1:7000", REDIS_URL: "redis://127.0.0.1:6379" });
    expect(problems.join()).toMatch(/REDIS_CLUSTER_NODES: set either REDIS_URL .* or REDIS_CLUSTER_NODES/);
  });
});
