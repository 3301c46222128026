// Threat: the list of browsers signed in to an account is where a person ends an intruder's
// session, and every row's button read "Sign out": a screen reader's list of buttons said nothing
// about which browser each one ends, so the person could end their own phone and leave the
// intruder in. Each button is named by its browser and described by its row (when, from where),
// and the session it names is the one that ends.
import { describe, expect, it } from "vitest";
import { seedUser } from "../support/seed-user";
import { appAndBrowserOnPostgres } from "./support/app-and-browser";
import { openPage } from "./support/browser";
import { newEmail, PASSWORD, signIn } from "./support/flows";

const FIREFOX_ON_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";

describe("the buttons of the signed-in browsers list", async () => {
  const suite = await appAndBrowserOnPostgres();

  it.runIf(suite.run)("name the browser they sign out, and sign out that one", { timeout: 90_000 }, async () => {
    const email = newEmail("sessions-list");
    await seedUser(suite.app.databaseUrl!, { email, password: PASSWORD });
    const own = await openPage(suite.browser, suite.app.url);
    const other = await openPage(suite.browser, suite.app.url, { userAgent: FIREFOX_ON_WINDOWS });
    await expect(signIn(other.page, email)).resolves.toBe("/dashboard");
    await expect(signIn(own.page, email)).resolves.toBe("/dashboard");

    await own.page.goto("/settings/security?tab=sessions");
    const rows = own.page.getByTestId("sessions").getByRole("listitem");
    await expect(rows.count()).resolves.toBe(2);
    const button = own.page.getByRole("button", { name: "Sign out Firefox on Windows", exact: true });
    await expect(button.count()).resolves.toBe(1);
    // What tells rows of the same browser apart is read with the name.
    const description = await button.evaluate((element) => document.getElementById(element.getAttribute("aria-describedby") ?? "")?.textContent ?? "");
    expect(description).toMatch(/^Signed in .* last active /);

    await button.click();
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(1);
    await expect(rows.first().getAttribute("data-current")).resolves.toBe("true");
    // The Firefox session is the one that ended; this browser stays signed in.
    await other.page.goto("/dashboard");
    expect(new URL(other.page.url()).pathname).toBe("/sign-in");
    await own.page.goto("/dashboard");
    expect(new URL(own.page.url()).pathname).toBe("/dashboard");

    expect([...own.errors, ...other.errors]).toEqual([]);
    await own.context.close();
    await other.context.close();
  });
});
