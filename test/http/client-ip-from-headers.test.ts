// Threat: the client picks its own "IP" through X-Forwarded-For: an empty, garbage or over-long
// entry used to mean "no address", which switched every per-IP limit off, and free text from the
// header was shown to the victim as the address of a sign-in. Addresses must be parsed, IPv6 keyed
// on its /64, a bad entry must fall into one shared bucket, and with no trusted proxy
// (TRUSTED_PROXY_HOPS=0) the header must not count at all: the socket's address does.
import { randomBytes, randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIGN_UPS_PER_IP_PER_HOUR } from "@twostep/core";
import { startAppServer, type AppServer } from "../support/app-server";
import { HttpSession } from "../support/http-session";
import { PASSWORD } from "./support/two-factor-user";

const email = () => `ip-${randomBytes(6).toString("hex")}@example.com`;

async function signUpFrom(app: AppServer, forwardedFor: string): Promise<number> {
  const res = await fetch(new URL("/api/account/sign-up", app.url), {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": forwardedFor },
    body: JSON.stringify({ email: email(), password: PASSWORD }),
  });
  await res.body?.cancel();
  return res.status;
}

/** SIGN_UPS_PER_IP_PER_HOUR sign-ups pass, the next is refused: the addresses given shared one bucket. */
async function expectOneBucket(app: AppServer, forwardedFor: (i: number) => string) {
  const statuses: number[] = [];
  for (let i = 0; i <= SIGN_UPS_PER_IP_PER_HOUR; i++) statuses.push(await signUpFrom(app, forwardedFor(i)));
  expect(statuses.slice(0, SIGN_UPS_PER_IP_PER_HOUR).every((s) => s === 202)).toBe(true);
  expect(statuses[SIGN_UPS_PER_IP_PER_HOUR]).toBe(429);
}

const randomV4 = () => `198.51.${randomInt(256)}.${randomInt(1, 255)}`;

describe("client addresses from X-Forwarded-For", () => {
  let behindProxy: AppServer;
  let direct: AppServer;
  beforeAll(async () => {
    [behindProxy, direct] = await Promise.all([startAppServer({ TRUSTED_PROXY_HOPS: "1" }), startAppServer({ TRUSTED_PROXY_HOPS: "0" })]);
  });
  afterAll(async () => {
    await Promise.all([behindProxy?.stop(), direct?.stop()]);
  });

  it("an empty, garbage or over-long right-most entry is one shared bucket, not 'no limit'", async () => {
    const bad = [`${randomV4()}, `, "garbage", `${randomV4()},${"9".repeat(80)}`, "<img src=x>", "1.2.3.4.5", "unknown"];
    await expectOneBucket(behindProxy, (i) => bad[i % bad.length]!);
  });

  it("keys IPv6 on its /64: addresses within one /64 share a bucket", async () => {
    const prefix = `2001:db8:${randomInt(0x10000).toString(16)}:${randomInt(0x10000).toString(16)}`;
    await expectOneBucket(behindProxy, (i) => `${randomV4()}, ${prefix}:${i.toString(16)}::${randomInt(1, 0xffff).toString(16)}`);
  });

  it("with no trusted proxy, a client's own X-Forwarded-For changes nothing: the socket's address counts", async () => {
    await expectOneBucket(direct, () => randomV4());
  });

  it("never shows free text from the header as the address of a sign-in", async () => {
    const owner = new HttpSession(behindProxy.url);
    const address = email();
    await owner.signUp(address, PASSWORD);
    // A stranger's failed attempt on the owner's account, from a forged "address".
    const stranger = new HttpSession(behindProxy.url);
    const forged = "evil-text-not-an-ip";
    const headers = { "x-forwarded-for": `203.0.113.7, ${forged}` };
    const csrf = (await (await stranger.fetch("/api/auth/csrf")).json()) as { csrfToken: string };
    await stranger.fetch("/api/auth/callback/credentials", {
      method: "POST",
      headers: { ...headers, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: address, password: `${PASSWORD}-wrong`, csrfToken: csrf.csrfToken, callbackUrl: "/dashboard" }),
    });
    expect(await owner.signIn(address, PASSWORD)).toBe(true);
    const page = await owner.fetch("/settings/security");
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toMatch(/Recent security activity/);
    expect(html).not.toContain(forged);
  });
});
