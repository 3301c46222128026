// The state store contract on a real Redis Cluster of three primaries, started on loopback by this
// test. The threat: a store that works on one Redis server breaks on a cluster (a script or MULTI
// whose keys hash to different slots fails with CROSSSLOT, a limiter key for an IP or a phone
// number lands apart from its peers), so a deployment that scales Redis out loses its limits.
import { randomUUID } from "node:crypto";
import { openDatabase } from "@twostep/core/sql";
import { createRedisStateStore, openRedisCluster } from "@twostep/core/redis";
import type { Cluster } from "ioredis";
import { redisClusterAvailable, startRedisCluster, type LocalRedisCluster } from "../support/redis-cluster";
import { stateStoreContract } from "./state-store.contract";

// Two cluster clients (two app instances); SMS records and audit events stay in the database.
stateStoreContract(
  "Redis Cluster (3 primaries)",
  async () => {
    const logs = await openDatabase({ pgliteMemory: true });
    let cluster: LocalRedisCluster | undefined;
    let clients: Cluster[] = [];
    try {
      cluster = await startRedisCluster({ primaries: 3, replicasPerPrimary: 0 });
      clients = [await openRedisCluster(cluster.nodes.slice(0, 1)), await openRedisCluster(cluster.nodes.slice(1, 2))];
    } catch (error) {
      await cluster?.stop();
      await logs.close();
      throw error;
    }
    const [first, second] = clients as [Cluster, Cluster];
    const run = `twostep-test-${randomUUID()}`;
    return {
      db: logs.db,
      clients: (prefix) => [
        createRedisStateStore(first, `${run}:${prefix}`),
        createRedisStateStore(second, `${run}:${prefix}`),
      ],
      close: async () => {
        first.disconnect();
        second.disconnect();
        await cluster!.stop();
        await logs.close();
      },
    };
  },
  redisClusterAvailable,
);
