// Threat: in an app with its own users, a password alone reaches the protected page of an account
// with 2FA on (seeded on, or turned on in settings); the session must stay pending until the SMS
// code twostep sent, or a backup code, is typed back.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { latestCode } from "@twostep/core/testing";
import { chromiumAvailable, launchBrowser, openPage, type TestBrowser } from "../../../test/e2e/support/browser";
import { DEMO_PASSWORD, DEMO_USERS } from "../src/server/demo-users";
import { buildExample, startExample, type ExampleServer } from "./example-server";

const alice = DEMO_USERS.withTwoFactor;
const bob = DEMO_USERS.withoutTwoFactor;
const BOBS_PHONE = "+447400654321";

async function signInWithPassword(page: Page, email: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
}

describe.skipIf(!chromiumAvailable())("the example app: Auth.js sign-in with twostep SMS 2FA", () => {
  let server: ExampleServer;
  let browser: TestBrowser;

  beforeAll(async () => {
    buildExample();
    server = await startExample();
    browser = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("signs in with the password, waits at /verify, and reaches /protected with the code from the outbox", async () => {
    const { context, page, errors } = await openPage(browser.browser, server.url);
    const since = Date.now();
    await signInWithPassword(page, alice.email);
    await page.waitForURL("**/verify");

    // The pending stage: the protected page sends it back to the code form.
    await page.goto("/protected");
    await page.waitForURL("**/verify");

    const code = await latestCode({ baseUrl: server.url, phone: alice.phone, since });
    await page.getByLabel("Code").fill(code);
    await page.getByRole("button", { name: "Verify" }).click();
    await page.waitForURL("**/protected");
    await expect(page.getByText(`Signed in as ${alice.email}`).isVisible()).resolves.toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("refuses the protected page to a request that carries only the pending session cookie", async () => {
    const { context, page } = await openPage(browser.browser, server.url);
    await signInWithPassword(page, alice.email);
    await page.waitForURL("**/verify");
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    await context.close();

    const res = await fetch(`${server.url}/protected`, { headers: { cookie }, redirect: "manual" });
    expect(res.status).toBeGreaterThanOrEqual(300);
    expect(res.status).toBeLessThan(400);
    expect(new URL(res.headers.get("location") ?? "", server.url).pathname).toBe("/verify");
    expect(await res.text()).not.toContain(alice.email);
  });

  it("enrolls a phone and turns 2FA on in settings; the next sign-in owes a code, and a backup code pays it", async () => {
    const { context, page, errors } = await openPage(browser.browser, server.url);
    await signInWithPassword(page, bob.email);
    await page.waitForURL("**/protected"); // no 2FA yet: the password is enough

    await page.goto("/settings");
    const since = Date.now();
    await page.getByLabel("Mobile number").fill(BOBS_PHONE);
    await page.getByRole("button", { name: "Send a code" }).click();
    await page.waitForURL("**/settings?sent=1");
    await page.getByLabel("Code from the SMS").fill(await latestCode({ baseUrl: server.url, phone: BOBS_PHONE, since }));
    await page.getByRole("button", { name: "Save the number" }).click();
    await page.getByRole("button", { name: "Turn on two-factor authentication" }).click();
    const backupCodes = (await page.getByLabel("Backup codes").innerText()).split("\n").filter(Boolean);
    expect(backupCodes.length).toBeGreaterThan(0);

    await page.goto("/protected");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL("**/sign-in");
    await signInWithPassword(page, bob.email);
    await page.waitForURL("**/verify");
    await page.getByRole("link", { name: "Use a backup code" }).click();
    await page.getByLabel("Backup code").fill(backupCodes[0] ?? "");
    await page.getByRole("button", { name: "Verify" }).click();
    await page.waitForURL("**/protected");
    await expect(page.getByText(`Signed in as ${bob.email}`).isVisible()).resolves.toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });
});
