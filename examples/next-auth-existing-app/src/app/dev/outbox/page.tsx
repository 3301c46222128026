import { getApp } from "../../../server/twostep";

export const dynamic = "force-dynamic";

/** The SMS the outbox sender "sent", newest first: read your code here. */
export default async function DevOutboxPage() {
  const { twostep } = await getApp();
  const messages = await twostep.smsLog.outbox({ limit: 50 });
  return (
    <main>
      <h1>Dev outbox</h1>
      <p>SMS recorded instead of sent. Nothing here left this machine.</p>
      {messages.length === 0 ? <p>No messages yet.</p> : null}
      <ol>
        {messages.map((m, i) => (
          <li key={i}>
            To {m.to} at {m.createdAt.toISOString()}
            <pre>{m.body}</pre>
          </li>
        ))}
      </ol>
    </main>
  );
}
