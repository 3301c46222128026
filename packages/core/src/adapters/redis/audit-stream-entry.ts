import { createHash } from "node:crypto";
import { eventsOfCheck } from "../../events/one-step-events.js";
import type { StoredAuditEvent } from "../../ports/audit-log.js";
import type { CheckCodeOutcome, CheckEvent } from "../../ports/challenge-store.js";

/**
 * The audit stream: the Redis one-step check (redis-check-code.lua.ts) appends one entry per
 * counted guess, `<prefix>:audit_stream`; audit-stream-mover.ts moves the entries into the SQL
 * audit log. An entry keeps what eventsOfCheck needs (user, purpose, ip, outcome, the lock's
 * time, a right code's okEvents), so the rows it becomes are the ones the SQL check writes.
 */
export const auditStreamKey = (prefix: string) => `${prefix}:audit_stream`;

/** One entry as XRANGE returns it: its id, then field, value, … */
export type AuditStreamEntry = [id: string, fields: string[]];

/**
 * The audit rows of one entry. Each row's id is derived from the stream, the entry's id and the
 * row's place in the entry, so moving an entry twice (a mover killed between the SQL insert and
 * dropping the batch from the stream, or two servers moving at once) writes each row once: the
 * insert skips ids it holds.
 * Its time is the entry's (the Redis server's clock when the guess was counted), not the move's.
 */
export function auditRowsOf(streamKey: string, [id, fields]: AuditStreamEntry): StoredAuditEvent[] {
  const f = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) f.set(fields[i]!, fields[i + 1]!);
  const userId = f.get("user_id");
  const purpose = f.get("purpose");
  const outcome = f.get("outcome");
  if (!userId || !purpose || !outcome) return [];
  const createdAt = new Date(Number(id.split("-")[0]));
  const events = eventsOfCheck(
    { userId, purpose, ip: f.get("ip") || null, okEvents: parseOkEvents(f.get("ok_events")) },
    { outcome: outcome as CheckCodeOutcome["outcome"], retryAfterMs: Number(f.get("retry_after_ms") ?? 0) },
  );
  return events.map((event, index) => ({ ...event, ip: event.ip ?? null, id: rowId(streamKey, id, index), createdAt }));
}

function parseOkEvents(text: string | undefined): CheckEvent[] {
  if (!text) return [];
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? (parsed as CheckEvent[]) : [];
  } catch {
    return [];
  }
}

/** A UUID-shaped id (version 8: name-based, our own hash) of the entry's n-th row. */
function rowId(streamKey: string, entryId: string, index: number): string {
  const hex = createHash("sha256").update(`${streamKey}\n${entryId}\n${index}`).digest("hex");
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
