import type { Metadata } from "next";
import { cookies, headers } from "next/headers";
import { notFound } from "next/navigation";
import { Brand } from "@/components/brand";
import { mayReadOutbox } from "@/server/outbox-reader";
import { getTwoStep } from "@/server/twostep";
import { LiveOutbox } from "./live-outbox";

export const metadata: Metadata = { title: "Dev outbox", robots: { index: false } };
// Read per request: the sender is chosen at start-up, and the build must not open the database.
export const dynamic = "force-dynamic";

/**
 * The SMS the outbox sender "sent", newest first, kept current in the browser (LiveOutbox). It
 * exists only while the outbox is the active sender (development, or a staging deployment that
 * opted in); with a real provider it is a 404,
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
        <div>
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Dev outbox</h1>
          <p className="mt-1 text-sm text-slate-600">
            SMS recorded instead of sent, newest first. Nothing here left this machine.
          </p>
        </div>
        <LiveOutbox initial={messages.map((m) => ({ to: m.to, body: m.body, createdAt: m.createdAt.toISOString() }))} />
      </main>
    </div>
  );
}
