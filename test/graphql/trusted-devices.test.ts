// Threat: the API cannot see or remove a trusted browser the owner no longer trusts, or its
// "remove" becomes a way to touch someone else's (another user's device id) or is open to a
// password-only session.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../support/app-server";
import { callAction } from "../http/support/server-actions";
import { twoFactorUserOverHttp } from "../http/support/two-factor-user";
import { PASSWORD, pendingBrowser } from "./accounts";
import { stateBackends } from "./backends";
import { GraphQLBrowser, lit, RESULT_FIELDS, type MutationResult } from "./graphql-browser";

type DeviceRow = { id: string; device: string | null; ip: string | null; createdAt: string; lastUsedAt: string; expiresAt: string };
const DEVICE_FIELDS = "id device ip createdAt lastUsedAt expiresAt";
const DAY_MS = 86_400_000;

async function trustedDevices(browser: GraphQLBrowser): Promise<DeviceRow[]> {
  const { status, body } = await browser.graphql<{ trustedDevices: DeviceRow[] }>(`{ trustedDevices { ${DEVICE_FIELDS} } }`);
  if (status !== 200 || body.errors || !body.data?.trustedDevices) throw new Error(`trustedDevices failed: ${status} ${JSON.stringify(body)}`);
  return body.data.trustedDevices;
}

async function revoke(browser: GraphQLBrowser, id: string): Promise<MutationResult> {
  return browser.mutate("revokeTrustedDevice", `id: ${lit(id)}`);
}

const errorCodes = (body: { errors?: { extensions?: { code?: string } }[] }) => body.errors?.map((e) => e.extensions?.code);

const [backend] = await stateBackends();

describe(`GraphQL trusted devices (${backend!.name})`, () => {
  let app: AppServer;
  beforeAll(async () => {
    app = await startAppServer(backend!.env);
  });
  afterAll(async () => app?.stop());

  /** A 2FA account (made through the settings page's actions), with its backup codes. */
  async function twoFactorAccount() {
    const user = await twoFactorUserOverHttp(app.url);
    return { email: user.email, password: PASSWORD, phone: user.phone, backupCodes: user.backupCodes };
  }

  /** A 2FA account signed in (backup code) in a browser it ticked "Trust this browser" in. */
  async function trustedBrowser(account: Awaited<ReturnType<typeof twoFactorAccount>>, backupCode: string): Promise<GraphQLBrowser> {
    const browser = await pendingBrowser(app.url, account);
    const verified = await callAction(browser, "/verify/backup", "verifyBackupCodeAction", { backupCode, trustBrowser: "on" });
    expect(verified.redirect, JSON.stringify(verified.result)).toMatch(/\/dashboard/);
    return browser;
  }

  it("lists the account's trusted browsers; one is removed by id, the rest all at once", async () => {
    const account = await twoFactorAccount();
    const laptop = await trustedBrowser(account, account.backupCodes[0]!);
    const phone = await trustedBrowser(account, account.backupCodes[1]!);

    const rows = await trustedDevices(laptop);
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => r.ip).sort()).toEqual([laptop.ip, phone.ip].sort());
    for (const row of rows) {
      expect(Date.parse(row.expiresAt) - Date.parse(row.createdAt)).toBe(30 * DAY_MS);
      expect(Date.parse(row.lastUsedAt)).not.toBeNaN();
    }

    expect(await revoke(laptop, rows[0]!.id)).toMatchObject({ success: true });
    expect((await trustedDevices(phone)).map((r) => r.id)).toEqual([rows[1]!.id]);
    expect(await revoke(laptop, rows[0]!.id)).toMatchObject({ success: false, code: "NOT_FOUND" });

    expect(await laptop.mutate("revokeAllTrustedDevices")).toMatchObject({ success: true, message: "1 trusted browser removed." });
    expect(await trustedDevices(laptop)).toEqual([]);
  });

  it("another user's device id answers NOT_FOUND and leaves it alone", async () => {
    const owner = await twoFactorAccount();
    const ownerBrowser = await trustedBrowser(owner, owner.backupCodes[0]!);
    const [device] = await trustedDevices(ownerBrowser);
    const stranger = await twoFactorAccount();
    const strangerBrowser = await trustedBrowser(stranger, stranger.backupCodes[0]!);

    expect(await revoke(strangerBrowser, device!.id)).toMatchObject({ success: false, code: "NOT_FOUND" });
    expect(await revoke(strangerBrowser, "x".repeat(5000))).toMatchObject({ success: false, code: "NOT_FOUND" });
    expect(await strangerBrowser.mutate("revokeAllTrustedDevices")).toMatchObject({ success: true });
    expect((await trustedDevices(ownerBrowser)).map((d) => d.id)).toEqual([device!.id]);
    expect(await trustedDevices(strangerBrowser)).toEqual([]);
  });

  it("needs a full session: a password-only one and no session at all are refused", async () => {
    const account = await twoFactorAccount();
    const owner = await trustedBrowser(account, account.backupCodes[0]!);
    const [device] = await trustedDevices(owner);

    const pending = await pendingBrowser(app.url, account);
    const anonymous = new GraphQLBrowser(app.url);
    for (const [browser, code] of [[pending, "SECOND_FACTOR_REQUIRED"], [anonymous, "UNAUTHENTICATED"]] as const) {
      const listed = await browser.graphql(`{ trustedDevices { id } }`);
      expect(errorCodes(listed.body)).toEqual([code]);
      const removed = await browser.graphql(`mutation { revokeTrustedDevice(id: ${lit(device!.id)}) { ${RESULT_FIELDS} } }`);
      expect(errorCodes(removed.body)).toEqual([code]);
      const all = await browser.graphql(`mutation { revokeAllTrustedDevices { ${RESULT_FIELDS} } }`);
      expect(errorCodes(all.body)).toEqual([code]);
    }
    expect(await trustedDevices(owner)).toHaveLength(1);
  });
});
