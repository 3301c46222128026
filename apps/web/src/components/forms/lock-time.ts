import { formatDuration } from "@twostep/core";

/**
 * How a lock's time left and its end are said. A clock ("9:58") suits a countdown a person
 * watches; a day-long lock read as "1440:00" says nothing, so from an hour on it is said in the
 * core's words ("24 hours"), and its end carries the date when that is not today.
 */
export function lockTimeLeft(seconds: number): string {
  if (seconds >= 3600) return formatDuration(seconds);
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return `${m}:${String(s).padStart(2, "0")}`;
}

/** "14:30" today, "Mar 6, 14:30" on another day (today: `nowMs`'s); `locale`/`timeZone` default to the browser's. The lock message renders on the client only (after hydration), so `Date.now()` is the browser's. */
export function lockEndsAt(untilMs: number, nowMs: number = Date.now(), options: { locale?: string; timeZone?: string } = {}): string {
  const { locale, timeZone } = options;
  const time: Intl.DateTimeFormatOptions = { hour: "2-digit", minute: "2-digit", timeZone };
  const day = (ms: number) => new Date(ms).toLocaleDateString(locale, { year: "numeric", month: "numeric", day: "numeric", timeZone });
  if (day(untilMs) === day(nowMs)) return new Date(untilMs).toLocaleTimeString(locale, time);
  return new Date(untilMs).toLocaleString(locale, { ...time, month: "short", day: "numeric" });
}
