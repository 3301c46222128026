import { OUTBOX_TOKEN_HEADER, TEST_OUTBOX_TOKEN } from "../../support/app-server";

/** The dev mail outbox over its JSON API (/api/dev/mail), as a person would read their inbox. */
export type DevMail = { to: string; subject: string; text: string; kind: string; createdAt: string };

export async function mailsTo(baseUrl: string, to: string): Promise<DevMail[]> {
  const res = await fetch(new URL(`/api/dev/mail?to=${encodeURIComponent(to)}`, baseUrl), { headers: { [OUTBOX_TOKEN_HEADER]: TEST_OUTBOX_TOKEN } });
  if (!res.ok) throw new Error(`dev mail: ${res.status}`);
  return ((await res.json()) as { messages: DevMail[] }).messages.filter((m) => m.to === to);
}

/** The link in the newest password-reset mail to `to`, waiting for it (it is sent off the request path). */
export async function latestResetLink(baseUrl: string, to: string, olderThan?: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const [latest] = (await mailsTo(baseUrl, to)).filter((m) => m.kind === "password_reset");
    const link = latest?.text.match(/^https?:\/\/\S+\/reset-password\?token=\S+$/m)?.[0];
    if (link && link !== olderThan) return link;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no reset link mailed to ${to}`);
}

/** The link in the newest sign-up mail to `to`, waiting for it (it is sent off the request path). */
export async function latestSignUpLink(baseUrl: string, to: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const [latest] = (await mailsTo(baseUrl, to)).filter((m) => m.kind === "sign_up");
    const link = latest?.text.match(/^https?:\/\/\S+\/sign-up\/confirm\?token=\S+$/m)?.[0];
    if (link) return link;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no sign-up link mailed to ${to}`);
}
