import { OUTBOX_TOKEN_HEADER, TEST_OUTBOX_TOKEN } from "../../support/app-server";

/** The dev outbox over its JSON API, as a person would read their phone. */
type OutboxMessage = { to: string; body: string; createdAt: string };

export async function outboxMessages(baseUrl: string, to: string): Promise<OutboxMessage[]> {
  const res = await fetch(new URL(`/api/dev/outbox?to=${encodeURIComponent(to)}`, baseUrl), { headers: { [OUTBOX_TOKEN_HEADER]: TEST_OUTBOX_TOKEN } });
  if (!res.ok) throw new Error(`outbox: ${res.status}`);
  return ((await res.json()) as { messages: OutboxMessage[] }).messages;
}

/** The code in the newest SMS to `to`, from its origin-bound last line ("@host #123456"). */
export async function latestCode(baseUrl: string, to: string): Promise<string> {
  const [latest] = await outboxMessages(baseUrl, to);
  const match = latest?.body.match(/#(\d{6})\s*$/);
  if (!match?.[1]) throw new Error(`no code in the outbox for ${to}`);
  return match[1];
}

/** A code that is certainly not the right one. */
export function wrongCode(right: string): string {
  return right === "000000" ? "111111" : "000000";
}
