"use client";

import { useEffect, useId, useState } from "react";
import { LocalTime } from "@/components/time/local-time";
import { codeInMessage, numberMatches } from "./code-in-message";
import { CopyCodeButton } from "./copy-code-button";

export type OutboxEntry = { to: string; body: string; createdAt: string };

/** Often enough that a code is there by the time a person looks; the JSON is small and local. */
export const OUTBOX_POLL_MS = 3_000;

/**
 * The outbox, kept current: it asks /api/dev/outbox every few seconds (while the tab is visible)
 * and shows what came in without reloading the page, filtered by the number typed in.
 */
export function LiveOutbox({ initial }: { initial: OutboxEntry[] }) {
  const [messages, setMessages] = useState(initial);
  const [filter, setFilter] = useState("");
  const [stale, setStale] = useState(false);
  const filterId = useId();

  useEffect(() => {
    let active = true;
    async function poll() {
      if (document.hidden) return;
      try {
        const res = await fetch("/api/dev/outbox", { cache: "no-store", headers: { accept: "application/json" } });
        if (!res.ok) throw new Error(String(res.status));
        const body = (await res.json()) as { messages: OutboxEntry[] };
        if (active) {
          setMessages(body.messages);
          setStale(false);
        }
      } catch {
        if (active) setStale(true);
      }
    }
    const timer = setInterval(() => void poll(), OUTBOX_POLL_MS);
    return () => {
      active = false;
      clearInterval(timer);
    };
  }, []);

  const shown = messages.filter((m) => numberMatches(m.to, filter));
  // Two texts alike to the millisecond still get keys of their own.
  const seen = new Map<string, number>();
  const keyOf = (m: OutboxEntry) => {
    const base = `${m.createdAt}|${m.to}|${m.body}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return `${base}|${n}`;
  };
  return (
    <>
      <div className="flex flex-col gap-1.5">
        <label htmlFor={filterId} className="text-sm font-medium text-slate-900">Filter by number</label>
        <input
          id={filterId}
          type="search"
          inputMode="tel"
          autoComplete="off"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          placeholder="e.g. 415 555 0123"
          className="w-full max-w-sm rounded-lg border-0 bg-white px-3 py-2 text-base text-slate-900 shadow-sm ring-1 ring-inset ring-slate-400 placeholder:text-slate-500 focus:ring-2 focus:ring-indigo-600 sm:text-sm"
        />
        <p className="text-xs text-slate-600" role="status">
          {stale ? "Couldn't check for new messages; trying again." : `New messages appear on their own (checked every ${OUTBOX_POLL_MS / 1000} seconds).`}
          {filter.trim() && ` Showing ${shown.length} of ${messages.length}.`}
        </p>
      </div>
      {shown.length === 0 ? (
        <p className="rounded-2xl bg-white p-6 text-sm text-slate-600 shadow-sm ring-1 ring-slate-200">
          {messages.length === 0 ? "No messages yet." : "No messages to that number."}
        </p>
      ) : (
        <ol className="flex flex-col gap-3" aria-label="Messages">
          {shown.map((message) => {
            const code = codeInMessage(message.body);
            return (
              <li key={keyOf(message)} className="rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200" data-testid="outbox-message">
                <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
                  <span className="font-semibold text-slate-900">
                    To <span className="font-mono">{message.to}</span>
                  </span>
                  <span className="flex flex-wrap items-center gap-3 text-slate-600">
                    <LocalTime iso={message.createdAt} />
                    {code && <CopyCodeButton code={code} />}
                  </span>
                </div>
                <pre className="mt-3 overflow-x-auto whitespace-pre-wrap break-words rounded-lg bg-slate-50 p-3 font-mono text-sm text-slate-800">
                  {message.body}
                </pre>
              </li>
            );
          })}
        </ol>
      )}
    </>
  );
}
