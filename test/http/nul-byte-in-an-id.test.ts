// Threat: an id a client sends goes to the store as it came, and PostgreSQL (PGlite here) refuses
// a NUL byte in text with an error: removing a trusted browser over GraphQL answered "temporarily
// unavailable", renaming an authenticator app or removing a trusted browser from the settings
// page answered 500, each with an error logged, on demand. An id that can't be ours answers as
// one that isn't there, and nothing is logged as an error.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../support/app-server";
import type { HttpSession } from "../support/http-session";
import { actionId, callAction } from "./support/server-actions";
import { twoFactorUserOverHttp } from "./support/two-factor-user";

const NUL_ID = "a\u0000b";

describe("a NUL byte in an id answers as an unknown id", () => {
  let app: AppServer;
  let full: HttpSession;

  beforeAll(async () => {
    app = await startAppServer();
    ({ full } = await twoFactorUserOverHttp(app.url));
  });
  afterAll(async () => {
    await app?.stop();
  });

  /** The log since `mark` holds no error line (pino level 50, or Next's "⨯"). */
  const expectNoErrorSince = (mark: number) => expect(app.logs().slice(mark)).not.toMatch(/"level":50|⨯/);

  it("GraphQL revokeTrustedDevice", async () => {
    const revoke = async (id: string) => {
      const res = await full.fetch("/api/graphql", {
        method: "POST",
        headers: { "content-type": "application/json", "x-twostep-csrf": "1" },
        body: JSON.stringify({ query: "mutation($id: ID!) { revokeTrustedDevice(id: $id) { success code } }", variables: { id } }),
      });
      return { status: res.status, body: (await res.json()) as unknown };
    };
    const unknown = await revoke("AAAAAAAAAAAAAAAAAAAAAA");
    expect(unknown.body).toEqual({ data: { revokeTrustedDevice: { success: false, code: "NOT_FOUND" } } });
    const mark = app.logs().length;
    expect(await revoke(NUL_ID)).toEqual(unknown);
    expectNoErrorSince(mark);
  });

  it("the settings page's rename of an authenticator app", async () => {
    const rename = (factorId: string) => callAction(full, "/settings/security", "renameAuthenticatorAction", { factorId, name: "Work phone" });
    const unknown = await rename("00000000-0000-4000-8000-000000000000");
    expect(unknown.status).toBe(200);
    expect(unknown.result).toMatchObject({ status: "error", code: "NOT_FOUND" });
    const mark = app.logs().length;
    const nul = await rename(NUL_ID);
    expect(nul.status).toBe(200);
    expect(nul.result).toMatchObject({ status: "error", code: "NOT_FOUND" });
    expectNoErrorSince(mark);
  });

  it("the settings page's removal of a trusted browser (a plain form action)", async () => {
    // Its action takes the FormData alone, not (previous state, FormData): React's reply is ["$K1"].
    const remove = async (deviceId: string) => {
      const body = new FormData();
      body.append("_1_deviceId", deviceId);
      body.append("0", JSON.stringify(["$K1"]));
      const res = await full.fetch("/settings/security", {
        method: "POST",
        headers: { "Next-Action": actionId("revokeTrustedDeviceAction"), Accept: "text/x-component", Origin: full.baseUrl },
        body,
      });
      await res.text();
      return res.status;
    };
    expect(await remove("AAAAAAAAAAAAAAAAAAAAAA")).toBe(200);
    const mark = app.logs().length;
    expect(await remove(NUL_ID)).toBe(200);
    expectNoErrorSince(mark);
  });
});
