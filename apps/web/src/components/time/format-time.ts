/**
 * Times for server-rendered pages. The server doesn't know the reader's time zone, so a page
 * says "5 minutes ago" and carries the exact UTC time in <time dateTime> and a tooltip.
 */
const absolute = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});

export function formatUtc(date: Date): string {
  return `${absolute.format(date)} UTC`;
}

export function formatAgo(date: Date, nowMs: number = Date.now()): string {
  const seconds = Math.round((nowMs - date.getTime()) / 1000);
  if (seconds < 45) return "just now";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? "" : "s"} ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} hour${hours === 1 ? "" : "s"} ago`;
  const days = Math.round(hours / 24);
  if (days < 7) return `${days} day${days === 1 ? "" : "s"} ago`;
  return formatUtc(date);
}
