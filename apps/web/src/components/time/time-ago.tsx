import { formatAgo, formatUtc } from "./format-time";

export function TimeAgo({ date }: { date: Date }) {
  return (
    <time dateTime={date.toISOString()} title={formatUtc(date)}>
      {formatAgo(date)}
    </time>
  );
}
