import type { DescribedEvent } from "./describe-event";

/**
 * How far apart the first and last of a run of alike events may be and still read as one row
 * ("5 wrong codes entered for sign-in, 20:19–20:20"): long enough for one person's attempt and its
 * retries, short enough that an attempt hours later stands on its own.
 */
export const GROUP_SPAN_MS = 15 * 60_000;

/** One row of the security log: one event, or a run of alike ones. */
export type EventRow = {
  /** The newest event's id: stable while older events are added below it. */
  id: string;
  title: string;
  tone: "ok" | "warn";
  important: boolean;
  count: number;
  newest: Date;
  oldest: Date;
  /** Distinct addresses and browsers in the run, newest first. */
  ips: string[];
  devices: string[];
};

/**
 * Folds consecutive events of the same kind (same type, same words) within GROUP_SPAN_MS into
 * one row with a count and a time range. `events` are newest first, as the log reads them.
 * Important changes never join a run: each stays a row of its own, so twenty wrong codes can't
 * hide that two-factor authentication was turned off between them.
 */
export function groupEvents(events: readonly DescribedEvent[], spanMs: number = GROUP_SPAN_MS): EventRow[] {
  const rows: (EventRow & { type: string; single: string; many?: (count: number) => string })[] = [];
  for (const event of events) {
    const last = rows.at(-1);
    const joins =
      last !== undefined &&
      !event.important &&
      !last.important &&
      last.type === event.type &&
      last.single === event.title &&
      last.newest.getTime() - event.at.getTime() <= spanMs;
    if (joins) {
      last.count += 1;
      last.oldest = event.at;
      if (event.ip && !last.ips.includes(event.ip)) last.ips.push(event.ip);
      if (event.device && !last.devices.includes(event.device)) last.devices.push(event.device);
      continue;
    }
    rows.push({
      id: event.id,
      type: event.type,
      single: event.title,
      many: event.many,
      title: event.title,
      tone: event.tone,
      important: event.important,
      count: 1,
      newest: event.at,
      oldest: event.at,
      ips: event.ip ? [event.ip] : [],
      devices: event.device ? [event.device] : [],
    });
  }
  return rows.map(({ type: _type, single, many, ...row }) => ({
    ...row,
    title: row.count === 1 ? single : (many?.(row.count) ?? `${single} (${row.count} times)`),
  }));
}
