import Link from "next/link";
import { withinStoreDeadline, type AuditPage } from "@twostep/core";
import { Card } from "@/components/ui/card";
import { buttonClass } from "@/components/ui/button-styles";
import { getTwoStep } from "@/server/twostep";
import { describeEvents, IMPORTANT_EVENT_TYPES } from "./describe-event";
import { EventRowItem } from "./event-row";
import { groupEvents } from "./group-events";
import { readLogView, type LogView } from "./log-view";

/** Raw events read per page; rows are fewer once alike events are grouped. */
const EVENTS_PER_PAGE = 50;
/** Rows in the short list; "Show all" pages through the rest. */
const SHORT_LIST_ROWS = 12;
/** Important changes always listed above the activity, however much follows them. */
const IMPORTANT_SHOWN = 5;

const pageHref = (view: Partial<LogView>) => {
  const query = new URLSearchParams();
  if (view.all) query.set("log", "all");
  if (view.after) query.set("after", view.after);
  const search = query.toString();
  return `/settings/security${search ? `?${search}` : ""}#activity`;
};

/**
 * The security log: the important changes on their own, then the activity with runs of alike
 * events folded into one row, in the reader's time zone. "Show all" pages through everything, a
 * cursor at a time (?log=all&after=…), so new events never shift what the next page shows.
 */
export async function SecurityLog({ userId, searchParams }: { userId: string; searchParams: Record<string, string | string[] | undefined> }) {
  const view = readLogView(searchParams);
  const { audit } = await getTwoStep();
  const loaded = await withinStoreDeadline(
    Promise.all([
      audit.pageForUser(userId, { limit: IMPORTANT_SHOWN, types: IMPORTANT_EVENT_TYPES }),
      audit.pageForUser(userId, { limit: EVENTS_PER_PAGE, after: view.after }),
    ]),
  ).catch(() => null);

  return (
    <Card
      id="activity"
      title="Recent security activity"
      description="Sign-ins, failed attempts and changes to your security settings, in your time zone."
    >
      {!loaded ? (
        <p className="text-sm text-slate-600">Your activity can&apos;t be read right now. Reload the page in a moment.</p>
      ) : (
        <LogBody view={view} important={loaded[0]} page={loaded[1]} />
      )}
    </Card>
  );
}

function LogBody({ view, important, page }: { view: LogView; important: AuditPage; page: AuditPage }) {
  const importantRows = groupEvents(describeEvents(important.events));
  const allRows = groupEvents(describeEvents(page.events));
  const rows = view.all ? allRows : allRows.slice(0, SHORT_LIST_ROWS);
  const more = view.all ? page.next : allRows.length > rows.length || page.next ? "all" : null;
  return (
    <>
      {importantRows.length > 0 && !view.after && (
        <section aria-labelledby="important-changes-title">
          <h3 id="important-changes-title" className="text-sm font-semibold text-slate-900">Important changes</h3>
          <ol className="mt-1 divide-y divide-slate-100" data-testid="important-events">
            {importantRows.map((row) => <EventRowItem key={row.id} row={row} />)}
          </ol>
        </section>
      )}
      <section aria-labelledby="activity-list-title">
        <h3 id="activity-list-title" className="text-sm font-semibold text-slate-900">
          {view.all ? (view.after ? "Older activity" : "All activity") : "Recent activity"}
        </h3>
        {rows.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">{view.after ? "Nothing older." : "Nothing yet."}</p>
        ) : (
          <ol className="mt-1 divide-y divide-slate-100" data-testid="security-events">
            {rows.map((row) => <EventRowItem key={row.id} row={row} />)}
          </ol>
        )}
      </section>
      <nav aria-label="Activity pages" className="flex flex-wrap gap-3">
        {more === "all" && (
          <Link href={pageHref({ all: true })} className={buttonClass("secondary")}>Show all activity</Link>
        )}
        {view.all && page.next && (
          <Link href={pageHref({ all: true, after: page.next })} className={buttonClass("secondary")}>Older activity</Link>
        )}
        {view.after && (
          <Link href={pageHref({ all: true })} className={buttonClass("ghost")}>Back to the newest</Link>
        )}
        {view.all && (
          <Link href={pageHref({})} className={buttonClass("ghost")}>Show less</Link>
        )}
      </nav>
    </>
  );
}
