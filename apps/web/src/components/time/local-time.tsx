"use client";

import { useSyncExternalStore } from "react";

const DATE_AND_TIME = { dateStyle: "medium", timeStyle: "short" } as const;

/** On the server and during hydration: UTC, named, in a fixed locale, so both render the same text. */
const utc = new Intl.DateTimeFormat("en-GB", { ...DATE_AND_TIME, timeZone: "UTC" });

const noSubscription = () => () => {};

/** False while the server renders and while the page hydrates; true after, in the browser. */
function useInBrowser(): boolean {
  return useSyncExternalStore(noSubscription, () => true, () => false);
}

/**
 * A time (or a range, "Nov 30, 2026, 8:19 – 8:20 PM") in the reader's own time zone and locale.
 * The server can't know the zone, so it renders UTC and says so; once hydrated the browser swaps
 * in its local time. `iso` is an ISO timestamp; `until`, when given, ends a range that starts there.
 */
export function LocalTime({ iso, until }: { iso: string; until?: string }) {
  const inBrowser = useInBrowser();
  const start = new Date(iso);
  const end = until ? new Date(until) : null;
  const format = inBrowser ? new Intl.DateTimeFormat(undefined, DATE_AND_TIME) : utc;
  // timeZoneName can't be combined with dateStyle/timeStyle (a RangeError): spelled out instead.
  const withZone = inBrowser
    ? new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", day: "numeric", hour: "numeric", minute: "2-digit", timeZoneName: "short" })
    : null;
  const text = end && end.getTime() !== start.getTime() ? format.formatRange(start, end) : format.format(start);
  const full = (date: Date) => (withZone ? withZone.format(date) : `${utc.format(date)} UTC`);
  return (
    <time
      dateTime={iso}
      data-local-time={inBrowser ? "local" : "utc"}
      title={end && end.getTime() !== start.getTime() ? `${full(start)} to ${full(end)}` : full(start)}
    >
      {inBrowser ? text : `${text} UTC`}
    </time>
  );
}
