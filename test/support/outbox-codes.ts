import type { SmsLog } from "@twostep/core";

/** The code in the newest outbox SMS to `to`, read from its origin-bound last line ("@host #123456"). */
export async function latestOutboxCode(smsLog: SmsLog, to: string): Promise<string> {
  const [latest] = await smsLog.outbox({ to, limit: 1 });
  const match = latest?.body.match(/#(\d{6})\s*$/);
  if (!match?.[1]) throw new Error(`no code in the outbox for ${to}`);
  return match[1];
}
