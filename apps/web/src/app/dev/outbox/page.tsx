import type { Metadata } from "next";
import Link from "next/link";
import { cookies, headers } from "next/headers";
import { notFound } from "next/navigation";
import { Brand } from "@/components/brand";
import { TimeAgo } from "@/components/time/time-ago";
import { buttonClass } from "@/components/ui/button-styles";
import { mayReadOutbox } from "@/server/outbox-reader";
import { getTwoStep } from "@/server/twostep";

export const metadata: Metadata = { title: "Dev outbox", robots: { index: false } };
// Read per request: the sender is chosen at start-up, and the build must not open the database.
export const dynamic = "force-dynamic";

/**
 * The SMS the outbox sender "sent", newest first. It exists only while the outbox is the active
 * sender (development, or a staging deployment that opted in); with a real provider it is a 404,
 * and so it is without the OUTBOX_TOKEN cookie or header where a token is configured.
 */
export default async function DevOutboxPage() {
  const twostep = await getTwoStep();
  if (twostep.sender.provider !== "outbox") notFound();
  const jar = await cookies();
  if (!mayReadOutbox(twostep, { headers: await headers(), cookie: (name) => jar.get(name)?.value })) notFound();
  const messages = await twostep.smsLog.outbox({ limit: 100 }).catch((error: unknown) => {
    // Logged through the core's serializer: an error escaping to Next would print the statement.
    twostep.logger.error({ err: error }, "dev outbox page: the SMS log could not be read");
    return null;
  });
  if (!messages) {
    return <p className="p-8 text-sm text-slate-700">The outbox can&apos;t be read right now (the database is not answering). Try again shortly.</p>;
  }

  return (
    <div className="mx-auto flex min-h-screen max-w-3xl flex-col gap-6 px-4 py-8 sm:px-6 sm:py-10">
      <Brand />
      <main id="main" className="flex flex-col gap-6">
        <div className="flex flex-wrap items-end justify-between gap-4">
          <div>
            <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Dev outbox</h1>
            <p className="mt-1 text-sm text-slate-600">
              SMS recorded instead of sent, newest first. Nothing here left this machine.
            </p>
          </div>
          <Link href="/dev/outbox" prefetch={false} className={buttonClass("secondary")}>
            Refresh
          </Link>
        </div>
        {messages.length === 0 ? (
          <p className="rounded-2xl bg-white p-6 text-sm text-slate-600 shadow-sm ring-1 ring-slate-200">No messages yet.</p>
        ) : (
          <ol className="flex flex-col gap-3" aria-label="Messages">
            {messages.map((message, index) => (
              <li key={`${message.createdAt.toISOString()}-${index}`} className="rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
                <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
                  <span className="font-semibold text-slate-900">
                    To <span className="font-mono">{message.to}</span>
                  </span>
                  <span className="text-slate-500">
                    <TimeAgo date={message.createdAt} />
                  </span>
                </div>
                <pre className="mt-3 overflow-x-auto whitespace-pre-wrap break-words rounded-lg bg-slate-50 p-3 font-mono text-sm text-slate-800">
                  {message.body}
                </pre>
              </li>
            ))}
          </ol>
        )}
      </main>
    </div>
  );
}
