// Threat: a stranger types addresses into the sign-up form (or its JSON API) to learn which ones
// have an account here: a different answer, status or page for a taken address tells them, and
// lists the users to phish or to try leaked passwords on. Both answer alike; the owner of a taken
// address hears of it by mail, with no link, and a new address's account exists only once its link
// is used with the same password.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../support/app-server";
import { HttpSession } from "../support/http-session";
import { callAction } from "./support/server-actions";
import { PASSWORD } from "./support/two-factor-user";

/** A client of its own address (the app trusts one proxy hop), so per-IP limits are its own. */
class Client extends HttpSession {
  private readonly ip = `198.51.100.${1 + (randomBytes(1)[0]! % 250)}`;
  override fetch(pathname: string, init: RequestInit = {}) {
    const headers = new Headers(init.headers);
    headers.set("x-forwarded-for", this.ip);
    return super.fetch(pathname, { ...init, headers });
  }
}

const newEmail = (tag: string) => `${tag}-${randomBytes(6).toString("hex")}@example.com`;

async function mailsTo(reader: HttpSession, email: string) {
  const res = await reader.fetch(`/api/dev/mail?to=${encodeURIComponent(email)}`);
  return ((await res.json()) as { messages: { kind: string; subject: string; text: string }[] }).messages;
}

describe("sign-up answers alike for a taken address and a new one", () => {
  let app: AppServer;
  let taken: string;
  beforeAll(async () => {
    app = await startAppServer();
    taken = newEmail("taken");
    await new Client(app.url).signUp(taken, PASSWORD);
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("the JSON API: the same status and the same words, the address aside", async () => {
    const ask = async (email: string) => {
      const res = await new Client(app.url).fetch("/api/account/sign-up", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email, password: "a different passphrase" }),
      });
      return { status: res.status, body: JSON.stringify(await res.json()).replaceAll(email, "<address>") };
    };
    const fresh = newEmail("fresh");
    const [forTaken, forFresh] = [await ask(taken), await ask(fresh)];
    expect(forTaken.status).toBe(202);
    expect(forTaken).toEqual(forFresh);

    const reader = new Client(app.url);
    await expect.poll(async () => (await mailsTo(reader, taken)).filter((m) => /already have/.test(m.subject)).length, { timeout: 10_000 }).toBe(1);
    const [notice] = (await mailsTo(reader, taken)).filter((m) => /already have/.test(m.subject));
    expect(notice!.text).not.toMatch(/token=/);
    // The taken address's password is as it was; the new address has no account until its link is used.
    expect(await reader.signIn(taken, PASSWORD)).toBe(true);
    expect(await new Client(app.url).signIn(fresh, "a different passphrase")).toBe(false);
  });

  it("the web form: the same answer, and the page says to check the mail", async () => {
    const ask = async (email: string) => {
      const reply = await callAction(new Client(app.url), "/sign-up", "signUpAction", { email, password: "a different passphrase" });
      const { id: _id, ...rest } = reply.result ?? {};
      return { status: reply.status, redirect: reply.redirect, result: JSON.stringify(rest).replaceAll(email, "<address>") };
    };
    const forTaken = await ask(taken);
    const forFresh = await ask(newEmail("fresh"));
    expect(forTaken.result).toMatch(/"status":"success".*Check your email/);
    expect(forTaken).toEqual(forFresh);
  });

  it("the link's page makes the account with the same password, and signs in", async () => {
    const email = newEmail("linked");
    const browser = new Client(app.url);
    const res = await browser.fetch("/api/account/sign-up", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password: PASSWORD }) });
    expect(res.status).toBe(202);
    const link = new URL(await browser.latestSignUpLink(email));
    const page = await browser.fetch(link.pathname + link.search);
    expect(page.status).toBe(200);
    expect(page.headers.get("referrer-policy")).toBe("no-referrer");
    expect(await page.text()).toContain(email);
    const token = link.searchParams.get("token")!;
    const wrong = await callAction(browser, "/sign-up/confirm", "confirmSignUpAction", { token, password: "not the one chosen" });
    expect(wrong.result).toMatchObject({ status: "error", code: "INVALID_CREDENTIALS" });
    const right = await callAction(browser, "/sign-up/confirm", "confirmSignUpAction", { token, password: PASSWORD });
    expect(right.redirect).toMatch(/\/dashboard/);
    expect(await browser.session()).toMatchObject({ stage: "full" });
    const again = await browser.fetch(link.pathname + link.search);
    expect(await again.text()).toContain('data-code="SIGN_UP_LINK_INVALID"');
  });
});
