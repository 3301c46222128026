import { OUTBOX_TOKEN_HEADER, TEST_OUTBOX_TOKEN } from "./app-server";

/**
 * A cookie-keeping HTTP client for tests that act as one browser: signs up, signs in through
 * Auth.js's credentials callback, and reads codes from the dev outbox.
 */
export class HttpSession {
  readonly cookies = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  async fetch(pathname: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    // Reading codes is a person looking at their phone: the test servers' outbox wants its token.
    // Reading mail is a person opening their mailbox: the mail outbox wants the same token.
    if (/^\/(api\/)?dev\/(outbox|mail)/.test(pathname)) headers.set(OUTBOX_TOKEN_HEADER, TEST_OUTBOX_TOKEN);
    if (this.cookies.size > 0) {
      headers.set("cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    }
    const res = await fetch(new URL(pathname, this.baseUrl), { ...init, headers, redirect: "manual" });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attributes.some((a) => /max-age=0\b/i.test(a) || /expires=thu, 01 jan 1970/i.test(a));
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  /**
   * Sign-up as a person does it: the request (202, the same whether or not the address has an
   * account), the link from the mail in the dev mail outbox, and the link with the same password.
   */
  async signUp(email: string, password: string): Promise<void> {
    const res = await this.fetch("/api/account/sign-up", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password }),
    });
    if (res.status !== 202) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`);
    const token = new URL(await this.latestSignUpLink(email)).searchParams.get("token");
    const confirmed = await this.fetch("/api/account/sign-up/confirm", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token, password }),
    });
    if (confirmed.status !== 201) throw new Error(`sign-up confirmation failed: ${confirmed.status} ${await confirmed.text()}`);
  }

  /** The link in the newest sign-up mail to `email`, waiting for it (it is sent off the request path). */
  async latestSignUpLink(email: string): Promise<string> {
    for (let i = 0; i < 100; i++) {
      const res = await this.fetch(`/api/dev/mail?to=${encodeURIComponent(email)}`);
      if (res.status !== 200) throw new Error(`dev mail: ${res.status}`);
      const { messages } = (await res.json()) as { messages: { kind: string; text: string }[] };
      const link = messages.find((m) => m.kind === "sign_up")?.text.match(/^https?:\/\/\S+\/sign-up\/confirm\?token=\S+$/m)?.[0];
      if (link) return link;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`no sign-up link mailed to ${email}`);
  }

  /** The password step. Returns true when Auth.js accepted the credentials. */
  async signIn(email: string, password: string): Promise<boolean> {
    const csrf = (await (await this.fetch("/api/auth/csrf")).json()) as { csrfToken: string };
    const res = await this.fetch("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email, password, csrfToken: csrf.csrfToken, callbackUrl: "/dashboard" }),
    });
    const location = res.headers.get("location") ?? "";
    return res.status === 302 && !location.includes("error=");
  }

  async session(): Promise<Record<string, unknown> | null> {
    const res = await this.fetch("/api/auth/session");
    return (await res.json()) as Record<string, unknown> | null;
  }

  /** The code in the newest outbox SMS to `to` (origin-bound last line "@host #123456"). */
  async latestCode(to: string): Promise<string> {
    const res = await this.fetch(`/api/dev/outbox?to=${encodeURIComponent(to)}`);
    const { messages } = (await res.json()) as { messages: { body: string }[] };
    const match = messages[0]?.body.match(/#(\d{6})\s*$/);
    if (!match?.[1]) throw new Error(`no code in the outbox for ${to}`);
    return match[1];
  }
}
