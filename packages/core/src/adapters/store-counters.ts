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
  /**
   * The last TRAIL_LENGTH statements and commands, oldest first, as short labels ("select
   * sessions,users", "evalsha rl:verify_per_ip"): what a round-trip budget test prints when it
   * fails. Labels name tables, functions and key kinds, never values (no ids, numbers or IPs).
   */
  trail: string[];
};

const TRAIL_LENGTH = 64;

export function createStoreCounters(): StoreCounters {
  return { statements: 0, transactions: 0, redisCommands: 0, trail: [] };
}

function remember(counters: StoreCounters, label: string): void {
  counters.trail.push(label);
  if (counters.trail.length > TRAIL_LENGTH) counters.trail.splice(0, counters.trail.length - TRAIL_LENGTH);
}

export function countStatement(counters: StoreCounters, query = ""): void {
  counters.statements++;
  remember(counters, describeStatement(query));
}

/** BEGIN and COMMIT of one transaction, counted when it opens. */
export function countTransaction(counters: StoreCounters): void {
  counters.transactions++;
  counters.statements += 2;
  remember(counters, "begin");
  remember(counters, "commit");
}

/** "select twostep_check_code", "insert audit_events", "select sessions,users": verb and what it touches. */
export function describeStatement(query: string): string {
  const verb = /^\s*(\w+)/.exec(query)?.[1]?.toLowerCase() ?? "?";
  const called = /^\s*select\s+(?:\*\s+from\s+)?"?([a-z_][\w]*)"?\s*\(/i.exec(query)?.[1];
  if (called && !/^(count|exists|coalesce|max|min)$/i.test(called)) return `${verb} ${called}`;
  const tables = new Set<string>();
  for (const match of query.matchAll(/\b(?:from|into|update|join)\s+"?([a-z_][\w]*)"?/gi)) tables.add(match[1]!);
  return tables.size ? `${verb} ${[...tables].join(",")}` : verb;
}

/** "hgetall session", "evalsha challenge:sign_in": the command and the named parts of its key. */
function describeCommand(command: { name?: unknown; args?: unknown }): string {
  const name = typeof command.name === "string" ? command.name : "?";
  const args = Array.isArray(command.args) ? command.args : [];
  // A script's keys come after its sha (or body) and the key count.
  const key = String((name === "evalsha" || name === "eval" ? args[2] : args[0]) ?? "");
  const kind = key
    .split(":")
    .filter((part) => /^[a-z_]+$/.test(part) && part.length <= 32)
    .join(":");
  return kind ? `${name} ${kind}` : name;
}

/**
 * Counts every command a Redis client (or Cluster) sends, those of pipelines and transactions
 * included: ioredis hands each one to sendCommand.
 */
export function countRedisCommands(client: { sendCommand: (...args: never[]) => unknown }, counters: StoreCounters): void {
  const send = client.sendCommand.bind(client) as (...args: never[]) => unknown;
  client.sendCommand = (...args: never[]) => {
    counters.redisCommands++;
    remember(counters, describeCommand((args[0] ?? {}) as { name?: unknown; args?: unknown }));
    return send(...args);
  };
}
