import { TimeAgo } from "@/components/time/time-ago";
import { Card } from "@/components/ui/card";
import type { DescribedEvent } from "./describe-event";

export function SecurityEvents({ events }: { events: DescribedEvent[] }) {
  return (
    <Card id="activity" title="Recent security activity" description="Sign-ins, failed attempts and changes to your security settings.">
      {events.length === 0 ? (
        <p className="text-sm text-slate-600">Nothing yet.</p>
      ) : (
        <ol className="-my-3 divide-y divide-slate-100" data-testid="security-events">
          {events.map((event) => (
            <li key={event.id} className="flex items-start gap-3 py-3">
              <span
                aria-hidden
                className={`mt-1.5 size-2 shrink-0 rounded-full ${event.tone === "warn" ? "bg-amber-500" : "bg-emerald-500"}`}
              />
              <div className="min-w-0 flex-1">
                <p className="text-sm font-medium text-slate-900">{event.title}</p>
                <p className="text-xs text-slate-500">
                  <TimeAgo date={event.at} />
                  {event.ip && <> · from {event.ip}</>}
                </p>
              </div>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
