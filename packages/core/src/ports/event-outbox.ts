/** One security event waiting for delivery: its signed body and how often it was tried. */
export type OutboxEntry = { id: string; body: string; attempts: number };

/**
 * Where webhook deliveries wait until the receiver takes them (`createSqlEventOutbox`, or the
 * in-memory default of createSignedWebhook). `claimDue` must be atomic across app instances:
 * a claimed entry is not due again for `leaseMs`, so two instances never post it at once.
 * The pump claims one entry at a time (limit 1), so a lease covers the one delivery it is for.
 */
export interface EventOutbox {
  /** Which rows it keeps, by identity (like AuditLog.sink): a store's one-step check may queue into the same ones. */
  readonly sink?: object;
  add(entry: { id: string; body: string; nextAttemptAtMs: number; createdAtMs: number }): Promise<void>;
  /** Due entries, oldest first, each pushed `leaseMs` into the future. */
  claimDue(nowMs: number, leaseMs: number, limit: number): Promise<OutboxEntry[]>;
  delivered(id: string): Promise<void>;
  retryAt(id: string, attempts: number, nextAttemptAtMs: number): Promise<void>;
  /** Given up on (its last try failed). */
  drop(id: string): Promise<void>;
  /** Entries still waiting, due or not. */
  pending(): Promise<number>;
}
