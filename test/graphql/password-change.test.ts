// Threat: through the API, a password change keeps a known-weak password, lets someone holding a
// signed-in browser guess the current password without limit, or leaves a browser someone else
// holds signed in after the owner changed the password to lock them out.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../support/app-server";
import { signedUpBrowser } from "./accounts";
import { stateBackends } from "./backends";
import { GraphQLBrowser, lit, RESULT_FIELDS, type MutationResult } from "./graphql-browser";

async function changePassword(browser: GraphQLBrowser, currentPassword: string, newPassword: string) {
  const { status, body } = await browser.graphql<{ changePassword: MutationResult }>(
    `mutation { changePassword(currentPassword: ${lit(currentPassword)}, newPassword: ${lit(newPassword)}) { ${RESULT_FIELDS} } }`,
  );
  expect(status).toBe(200);
  if (!body.data?.changePassword) throw new Error(`changePassword failed: ${JSON.stringify(body)}`);
  return body.data.changePassword;
}

describe.each(await stateBackends())("GraphQL password change ($name)", ({ env }) => {
  let app: AppServer;
  beforeAll(async () => {
    app = await startAppServer(env);
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("refuses a common password with a message that says why, and changes nothing", async () => {
    const { browser, account } = await signedUpBrowser(app.url);
    const refused = await changePassword(browser, account.password, "Password123");
    expect(refused).toMatchObject({ success: false, code: "COMMON_PASSWORD" });
    expect(refused.message).toMatch(/commonly used/);
    expect(await new GraphQLBrowser(app.url).signIn(account.email, "Password123")).toBe(false);
    expect(await new GraphQLBrowser(app.url).signIn(account.email, account.password)).toBe(true);
  });

  it("changes the password and signs out every other browser, keeping this one", async () => {
    const { browser, account } = await signedUpBrowser(app.url);
    const other = new GraphQLBrowser(app.url);
    expect(await other.signIn(account.email, account.password)).toBe(true);

    const newPassword = "a much longer new passphrase";
    expect(await changePassword(browser, account.password, newPassword)).toMatchObject({ success: true, code: null });
    expect((await other.me()).body.errors?.map((e) => e.extensions?.code)).toEqual(["UNAUTHENTICATED"]);
    expect((await browser.me()).body.data?.me).toMatchObject({ email: account.email });
    expect(await new GraphQLBrowser(app.url).signIn(account.email, account.password)).toBe(false);
    expect(await new GraphQLBrowser(app.url).signIn(account.email, newPassword)).toBe(true);
  });

  it("answers a wrong current password with INVALID_CREDENTIALS, then limits the guesses, the right one included", async () => {
    const { browser, account } = await signedUpBrowser(app.url);
    const other = new GraphQLBrowser(app.url);
    expect(await other.signIn(account.email, account.password)).toBe(true);

    const answers: MutationResult[] = [];
    for (let guess = 0; guess < 8; guess++) {
      const answer = await changePassword(browser, `wrong guess number ${guess}`, "a much longer new passphrase");
      answers.push(answer);
      if (answer.code !== "INVALID_CREDENTIALS") break;
    }
    const limited = answers.at(-1)!;
    expect(answers.slice(0, -1).every((a) => a.code === "INVALID_CREDENTIALS" && !a.success)).toBe(true);
    expect(answers.length).toBeGreaterThan(1);
    expect(limited).toMatchObject({ success: false, code: "RATE_LIMITED" });
    expect(limited.retryAfterSeconds).toBeGreaterThan(0);

    // While limited, even the right password changes nothing, and no other browser is signed out.
    expect(await changePassword(browser, account.password, "a much longer new passphrase")).toMatchObject({ success: false, code: "RATE_LIMITED" });
    expect((await other.me()).body.data?.me).toMatchObject({ email: account.email });
    expect(await new GraphQLBrowser(app.url).signIn(account.email, account.password)).toBe(true);
  });

  it("counts as the one credential check of its document", async () => {
    const { browser, account } = await signedUpBrowser(app.url);
    const { status, body } = await browser.graphql(
      `mutation { a: changePassword(currentPassword: "guess one", newPassword: "a much longer new passphrase") { success }
                  b: changePassword(currentPassword: ${lit(account.password)}, newPassword: "a much longer new passphrase") { success } }`,
    );
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe("TOO_MANY_CODE_OPERATIONS");
    expect(await new GraphQLBrowser(app.url).signIn(account.email, account.password)).toBe(true);
  });
});
