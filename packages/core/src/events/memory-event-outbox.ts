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
      // The pump claims one entry at a time: pick the oldest due ones in one pass, not a sort of them all.
      const due: Row[] = [];
      for (const row of rows) {
        if (row.nextAttemptAtMs > nowMs) continue;
        if (due.length === limit && due[limit - 1]!.createdAtMs <= row.createdAtMs) continue;
        let at = due.length;
        while (at > 0 && due[at - 1]!.createdAtMs > row.createdAtMs) at--;
        due.splice(at, 0, row);
        if (due.length > limit) due.pop();
      }
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
