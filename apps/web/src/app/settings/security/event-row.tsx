import { LocalTime } from "@/components/time/local-time";
import type { EventRow } from "./group-events";

/** "from 203.0.113.7 and 198.51.100.2", "from 3 addresses": where a run came from, briefly. */
function fromWhere(ips: string[]): string | null {
  if (ips.length === 0) return null;
  if (ips.length <= 2) return `from ${ips.join(" and ")}`;
  return `from ${ips.length} addresses`;
}

/** One line of the security log: what happened, when (in the reader's zone), in which browser and from where. */
export function EventRowItem({ row }: { row: EventRow }) {
  const details = [row.devices.slice(0, 2).join(", ") || null, fromWhere(row.ips)].filter(Boolean);
  return (
    <li className="flex items-start gap-3 py-3" data-testid="event-row" data-count={row.count}>
      <span aria-hidden className={`mt-1.5 size-2 shrink-0 rounded-full ${row.tone === "warn" ? "bg-amber-500" : "bg-emerald-500"}`} />
      <div className="min-w-0 flex-1">
        <p className={`text-sm text-slate-900 ${row.important ? "font-semibold" : "font-medium"}`}>{row.title}</p>
        <p className="break-words text-xs text-slate-600">
          <LocalTime iso={row.oldest.toISOString()} until={row.count > 1 ? row.newest.toISOString() : undefined} />
          {details.length > 0 && <> · {details.join(" · ")}</>}
        </p>
      </div>
    </li>
  );
}
