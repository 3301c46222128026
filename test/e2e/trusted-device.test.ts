// Threat: "Trust this browser" outlives its owner's wish or reaches someone it was not given to:
// a browser removed from the security page (from another browser) still skips the code, or a
// trust cookie copied into another user's browser lets that user skip theirs. In a real browser:
// trust at the code step, sign in again with no code, remove it from a second session, be asked
// for a code again; another user with the copied cookie still owes a code.
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { RESEND_COOLDOWN_SECONDS } from "@twostep/core";
import { randomPhone } from "../support/fixtures";
import { seedUser } from "../support/seed-user";
import { appAndBrowserOnPostgres } from "./support/app-and-browser";
import { openPage } from "./support/browser";
import { newEmail, PASSWORD, signIn, signOut, submitCode } from "./support/flows";
import { latestCode } from "./support/outbox";

const TRUST_COOKIE = "twostep.trusted-device";
const TRUST_LABEL = "Trust this browser for 30 days";
/** Sign-in codes to one account are spaced this far apart (the resend cooldown). */
const NEXT_CODE_MS = (RESEND_COOLDOWN_SECONDS + 1) * 1000;

describe("a trusted browser", async () => {
  const suite = await appAndBrowserOnPostgres();

  it.runIf(suite.run)("skips the code until removed from another session, and never for another user", { timeout: 240_000 }, async () => {
    const url = suite.app.url;
    const alice = { email: newEmail("trusted-a"), phone: randomPhone() };
    const bob = { email: newEmail("trusted-b"), phone: randomPhone() };
    await seedUser(suite.app.databaseUrl!, { email: alice.email, password: PASSWORD, phone: alice.phone, twoFactor: true });
    await seedUser(suite.app.databaseUrl!, { email: bob.email, password: PASSWORD, phone: bob.phone, twoFactor: true });
    const first = await openPage(suite.browser, url);

    // Trust at the SMS code step.
    await expect(signIn(first.page, alice.email)).resolves.toBe("/verify");
    await first.page.getByLabel(TRUST_LABEL).check();
    await submitCode(first.page, await latestCode(url, alice.phone));
    await first.page.waitForURL("**/dashboard");
    const trust = (await first.context.cookies()).find((c) => c.name === TRUST_COOKIE);
    expect(trust).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });

    // Signed out and in again: the password alone, no code.
    await signOut(first.page);
    await expect(signIn(first.page, alice.email)).resolves.toBe("/dashboard");

    // A second browser, with its own code, lists the trusted browser and removes it.
    await sleep(NEXT_CODE_MS);
    const second = await openPage(suite.browser, url);
    await expect(signIn(second.page, alice.email)).resolves.toBe("/verify");
    await submitCode(second.page, await latestCode(url, alice.phone));
    await second.page.waitForURL("**/dashboard");
    await second.page.goto("/settings/security");
    const list = second.page.getByTestId("trusted-devices");
    await list.waitFor().catch(async (error: unknown) => {
      throw new Error(`${String(error)}\n${(await second.page.locator("body").innerText()).slice(0, 3000)}`);
    });
    const rows = list.getByRole("listitem");
    const row = await rows.first().textContent({ timeout: 5000 }).catch(async (error: unknown) => {
      const stored = await suite.sql`SELECT id, user_id, expires_at_ms FROM trusted_devices`;
      throw new Error(`${String(error)}\nrows: ${JSON.stringify(stored)}\nerrors: ${JSON.stringify(second.errors)}\nurl: ${second.page.url()}\n${(await second.page.locator("body").innerText()).slice(0, 3000)}`);
    });
    expect(row).toMatch(/Chrome on Linux.*Last used/);
    await expect(rows.count()).resolves.toBe(1);
    // Each row's button is named by its browser (a list of "Remove" buttons says nothing apart).
    await rows.first().getByRole("button", { name: "Remove Chrome on Linux", exact: true }).click();
    await second.page.getByTestId("trusted-devices-empty").waitFor();

    // The first browser is asked for a code again, and trusts itself once more.
    await signOut(first.page);
    await sleep(NEXT_CODE_MS);
    await expect(signIn(first.page, alice.email)).resolves.toBe("/verify");
    await first.page.getByLabel(TRUST_LABEL).check();
    await submitCode(first.page, await latestCode(url, alice.phone));
    await first.page.waitForURL("**/dashboard");
    const renewed = (await first.context.cookies()).find((c) => c.name === TRUST_COOKIE);
    expect(renewed?.value).toBeTruthy();
    expect(renewed?.value).not.toBe(trust?.value);

    // Bob, with Alice's live trust cookie copied into his browser, still owes a code.
    const third = await openPage(suite.browser, url);
    await third.context.addCookies([renewed!]);
    await expect(signIn(third.page, bob.email)).resolves.toBe("/verify");
    // The copied cookie was live: in that same browser it lets Alice in without a code.
    await signOut(third.page);
    await expect(signIn(third.page, alice.email)).resolves.toBe("/dashboard");

    expect([...first.errors, ...second.errors, ...third.errors]).toEqual([]);
    await Promise.all([first.context.close(), second.context.close(), third.context.close()]);
  });
});
