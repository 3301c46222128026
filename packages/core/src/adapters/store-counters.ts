/**
 * Round trips to the stores, counted for the HTTP benchmark (TWOSTEP_BENCH_COUNTERS=1): how many
 * database statements, transactions and Redis commands a request costs. Plain counters, bumped
 * by the drivers' own hooks; no line is logged per query, so counting costs next to nothing.
 * Read them before and after a load run and divide by the requests sent.
 */
export type StoreCounters = {
  /** Statements the database client sent (BEGIN and COMMIT included). */
  statements: number;
  /** Explicit transactions (BEGIN); every other statement is a transaction of its own. */
  transactions: number;
  /** Commands the Redis client sent (a script is one command). */
  redisCommands: number;
};

export function createStoreCounters(): StoreCounters {
  return { statements: 0, transactions: 0, redisCommands: 0 };
}

export function countStatement(counters: StoreCounters): void {
  counters.statements++;
}

/**
 * Counts every command a Redis client (or Cluster) sends, those of pipelines and transactions
 * included: ioredis hands each one to sendCommand.
 */
export function countRedisCommands(client: { sendCommand: (...args: never[]) => unknown }, counters: StoreCounters): void {
  const send = client.sendCommand.bind(client) as (...args: never[]) => unknown;
  client.sendCommand = (...args: never[]) => {
    counters.redisCommands++;
    return send(...args);
  };
}
