import type { EventOutbox, OutboxEntry } from "../ports/event-outbox.js";

/** Deliveries kept in this process only: lost on restart. Past the cap the oldest go first. */
export const MEMORY_OUTBOX_MAX = 10_000;

type Row = OutboxEntry & { nextAttemptAtMs: number; createdAtMs: number };

export function createMemoryEventOutbox(): EventOutbox {
  const rows: Row[] = [];
  const find = (id: string) => rows.findIndex((r) => r.id === id);
  return {
    async add(entry) {
      if (rows.length >= MEMORY_OUTBOX_MAX) rows.shift();
      rows.push({ ...entry, attempts: 0 });
    },
    async claimDue(nowMs, leaseMs, limit) {
      const due = rows.filter((r) => r.nextAttemptAtMs <= nowMs).sort((a, b) => a.createdAtMs - b.createdAtMs).slice(0, limit);
      for (const row of due) row.nextAttemptAtMs = nowMs + leaseMs;
      return due.map(({ id, body, attempts }) => ({ id, body, attempts }));
    },
    async delivered(id) {
      const i = find(id);
      if (i >= 0) rows.splice(i, 1);
    },
    async retryAt(id, attempts, nextAttemptAtMs) {
      const row = rows[find(id)];
      if (row) Object.assign(row, { attempts, nextAttemptAtMs });
    },
    async drop(id) {
      const i = find(id);
      if (i >= 0) rows.splice(i, 1);
    },
    async pending() {
      return rows.length;
    },
  };
}
