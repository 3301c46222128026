import type { Metadata } from "next";
import Link from "next/link";
import { cookies, headers } from "next/headers";
import { notFound } from "next/navigation";
import { Brand } from "@/components/brand";
import { TimeAgo } from "@/components/time/time-ago";
import { buttonClass } from "@/components/ui/button-styles";
import { mayReadOutbox } from "@/server/outbox-reader";
import { getTwoStep } from "@/server/twostep";

export const metadata: Metadata = { title: "Dev mail", robots: { index: false } };
// Read per request: the mail sender is chosen at start-up, and the build must not open the database.
export const dynamic = "force-dynamic";

const KIND_WORDS = { security_notice: "Security notice", password_reset: "Password reset", sign_up: "Sign-up" } as const;

/**
 * The mail kept instead of sent, newest first. It exists only while no SMTP server is configured
 * (development, or a staging deployment that opted in); with SMTP it is a 404, and so it is
 * without the OUTBOX_TOKEN cookie or header where a token is configured.
 */
export default async function DevMailPage() {
  const twostep = await getTwoStep();
  const outbox = twostep.mailOutbox;
  if (!outbox) notFound();
  const jar = await cookies();
  if (!mayReadOutbox(twostep, { headers: await headers(), cookie: (name) => jar.get(name)?.value })) notFound();
  const mails = await outbox.recent(100).catch((error: unknown) => {
    twostep.logger.error({ err: error }, "dev mail page: the mail table could not be read");
    return null;
  });
  if (!mails) {
    return <p className="p-8 text-sm text-slate-700">The mail outbox can&apos;t be read right now (the database is not answering). Try again shortly.</p>;
  }

  return (
    <div className="mx-auto flex min-h-screen max-w-3xl flex-col gap-6 px-4 py-8 sm:px-6 sm:py-10">
      <Brand />
      <main id="main" className="flex flex-col gap-6">
        <div className="flex flex-wrap items-end justify-between gap-4">
          <div>
            <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Dev mail</h1>
            <p className="mt-1 text-sm text-slate-600">
              Email kept instead of sent (no SMTP server is configured), newest first. Nothing here left this machine.
            </p>
          </div>
          <div className="flex gap-2">
            <Link href="/dev/outbox" prefetch={false} className={buttonClass("secondary")}>
              SMS outbox
            </Link>
            <Link href="/dev/mail" prefetch={false} className={buttonClass("secondary")}>
              Refresh
            </Link>
          </div>
        </div>
        {mails.length === 0 ? (
          <p className="rounded-2xl bg-white p-6 text-sm text-slate-600 shadow-sm ring-1 ring-slate-200">No mail yet.</p>
        ) : (
          <ol className="flex flex-col gap-3" aria-label="Mail">
            {mails.map((mail, index) => (
              <li key={`${mail.createdAt.toISOString()}-${index}`} className="rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
                <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
                  <span className="font-semibold text-slate-900">
                    To <span className="font-mono">{mail.to}</span>
                  </span>
                  <span className="text-slate-500">
                    {KIND_WORDS[mail.kind] ?? mail.kind} · <TimeAgo date={mail.createdAt} />
                  </span>
                </div>
                <p className="mt-2 text-sm font-medium text-slate-900">{mail.subject}</p>
                <pre className="mt-3 overflow-x-auto whitespace-pre-wrap break-words rounded-lg bg-slate-50 p-3 font-mono text-sm text-slate-800">
                  {mail.text}
                </pre>
              </li>
            ))}
          </ol>
        )}
      </main>
    </div>
  );
}
