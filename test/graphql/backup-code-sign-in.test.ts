// Threat: a GraphQL-only client whose phone is lost can't finish signing in, or the backup-code
// path becomes a way past the second factor: a wrong code that upgrades the session, a code that
// works twice, a pending token that turns into a full one, or a request that tries many codes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../support/app-server";
import { pendingBrowser, twoFactorAccount } from "./accounts";
import { stateBackends } from "./backends";
import { GraphQLBrowser, lit, RESULT_FIELDS, type MutationResult } from "./graphql-browser";

/** A well-formed backup code that is not one of the account's. */
const notIssued = (codes: string[]) => ["AAAAA-AAAAA", "BBBBB-BBBBB"].find((c) => !codes.includes(c))!;

describe.each(await stateBackends())("GraphQL sign-in with a backup code ($name)", ({ env }) => {
  let app: AppServer;
  beforeAll(async () => {
    app = await startAppServer(env);
  });
  afterAll(async () => {
    await app?.stop();
  });

  async function verifyBackupCode(browser: GraphQLBrowser, code: string) {
    return browser.graphql<{ verifyBackupCode: MutationResult }>(`mutation { verifyBackupCode(code: ${lit(code)}) { ${RESULT_FIELDS} } }`);
  }

  it("upgrades a pending session to a new full one, once per code; a wrong code upgrades nothing", async () => {
    const account = await twoFactorAccount(app.url);
    const [code] = account.backupCodes;
    expect(code).toBeTruthy();

    const browser = await pendingBrowser(app.url, account);
    const pendingToken = browser.sessionToken();

    const wrong = await verifyBackupCode(browser, notIssued(account.backupCodes));
    expect(wrong.status).toBe(200);
    expect(wrong.body.data?.verifyBackupCode).toMatchObject({ success: false, code: "INVALID_BACKUP_CODE" });
    expect(wrong.response.headers.getSetCookie().filter((c) => c.startsWith("authjs.session-token="))).toEqual([]);
    expect(browser.sessionToken()).toBe(pendingToken);
    expect(await browser.session()).toMatchObject({ stage: "pending" });

    // Typed as a person might: lower case, no dash.
    const right = await verifyBackupCode(browser, code!.replace("-", "").toLowerCase());
    expect(right.body.data?.verifyBackupCode).toMatchObject({ success: true, code: null });
    const setCookie = right.response.headers.getSetCookie().find((c) => c.startsWith("authjs.session-token="));
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(browser.sessionToken()).not.toBe(pendingToken);
    expect(await browser.session()).toMatchObject({ stage: "full" });
    expect((await browser.me()).body.data?.me).toMatchObject({ twoFactorVerified: true });

    // The full session has no sign-in left to finish.
    const again = await verifyBackupCode(browser, account.backupCodes[1]!);
    expect(again.body.errors?.map((e) => e.extensions?.code)).toEqual(["ALREADY_SIGNED_IN"]);

    // The same code from a new sign-in: used up.
    const next = await pendingBrowser(app.url, account);
    const reused = await verifyBackupCode(next, code!);
    expect(reused.body.data?.verifyBackupCode).toMatchObject({ success: false, code: "INVALID_BACKUP_CODE" });
    expect(await next.session()).toMatchObject({ stage: "pending" });
    // Another unused code still works.
    expect((await verifyBackupCode(next, account.backupCodes[2]!)).body.data?.verifyBackupCode).toMatchObject({ success: true });
    expect(await next.session()).toMatchObject({ stage: "full" });
  });

  it("counts as the one code check of its document", async () => {
    const account = await twoFactorAccount(app.url);
    const browser = await pendingBrowser(app.url, account);
    const [a, b] = account.backupCodes;
    for (const query of [
      `mutation { a: verifyBackupCode(code: ${lit(a!)}) { success } b: verifyBackupCode(code: ${lit(b!)}) { success } }`,
      `mutation { verifyOtp(otp: "123456") { success } verifyBackupCode(code: ${lit(a!)}) { success } }`,
    ]) {
      const { status, body } = await browser.graphql(query);
      expect(status).toBe(400);
      expect(body.errors?.[0]?.extensions?.code).toBe("TOO_MANY_CODE_OPERATIONS");
    }
    // Nothing ran: the first code still signs in.
    expect((await verifyBackupCode(browser, a!)).body.data?.verifyBackupCode).toMatchObject({ success: true });
  });
});
