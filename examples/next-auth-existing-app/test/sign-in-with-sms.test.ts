// Threat: in an app with its own users, a password alone reaches the protected page; the session
// must stay pending until the SMS code twostep sent is typed back.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { latestCode } from "@twostep/core/testing";
import { chromiumAvailable, launchBrowser, openPage, type TestBrowser } from "../../../test/e2e/support/browser";
import { DEMO_PASSWORD, DEMO_USERS } from "../src/server/demo-users";
import { buildExample, startExample, type ExampleServer } from "./example-server";

const alice = DEMO_USERS.withTwoFactor;

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
    await page.goto("/sign-in");
    const since = Date.now();
    await page.getByLabel("Email").fill(alice.email);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
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
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(alice.email);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL("**/verify");
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    await context.close();

    const res = await fetch(`${server.url}/protected`, { headers: { cookie }, redirect: "manual" });
    expect(res.status).toBeGreaterThanOrEqual(300);
    expect(res.status).toBeLessThan(400);
    expect(new URL(res.headers.get("location") ?? "", server.url).pathname).toBe("/verify");
    expect(await res.text()).not.toContain(alice.email);
  });
});
