// Threat: the host's session store fails while a 2FA or password change ends the user's other
// sessions, and the API either tells the owner the other browsers were signed out when they
// weren't (so a browser with a stolen password stays in unnoticed), or turns the change it already
// made into an error, losing the backup codes that turning 2FA on shows only once.
// In-process: the yoga server over a context whose core calls succeed and whose session store
// fails; a store that fails on demand is not something the running app can be made to do.
import { describe, expect, it } from "vitest";
import { createTwoStepYoga, type TwoStepGraphQLContext } from "@twostep/graphql";
import { captureLogs } from "../support/log-capture";
import { CSRF_HEADER, RESULT_FIELDS, type MutationResult } from "./graphql-browser";

const BACKUP_CODES = ["ABCD-EFGH"];
const NOT_ENDED = /could not be signed out/;

function server(sessions: TwoStepGraphQLContext["sessions"]) {
  const twoFactor = {
    enableTwoFactor: async () => ({ ok: true, backupCodes: BACKUP_CODES }),
    disableTwoFactor: async () => ({ ok: true }),
    confirmPhoneEnrollment: async () => ({ ok: true, phoneLastDigits: "0123" }),
  } as unknown as TwoStepGraphQLContext["twoFactor"];
  const context: TwoStepGraphQLContext = {
    viewer: { kind: "full", userId: "user-1", email: "a@example.com", signedInAtMs: Date.now() },
    ip: "10.0.0.1",
    twoFactor,
    completeSignIn: async () => ({ ok: true }),
    sessions,
    accounts: { changePassword: async () => ({ ok: true }) },
  };
  const yoga = createTwoStepYoga({ graphqlEndpoint: "/api/graphql", exposeSchema: false, logger: captureLogs("error").logger, context: async () => context });
  return async (field: string, args = ""): Promise<MutationResult> => {
    const response = await yoga.fetch("http://localhost/api/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", [CSRF_HEADER]: "1" },
      body: JSON.stringify({ query: `mutation { ${field}${args ? `(${args})` : ""} { ${RESULT_FIELDS} } }` }),
    });
    const body = (await response.json()) as { data?: Record<string, MutationResult>; errors?: unknown };
    expect(body.errors).toBeUndefined();
    return body.data![field]!;
  };
}

const CHANGES = [
  ["enableTwoFactorAuth", ""],
  ["disableTwoFactorAuth", 'password: "pw", otp: "123456"'],
  ["verifyOtp", 'otp: "123456"'],
  ["changePassword", 'currentPassword: "old password", newPassword: "a new passphrase"'],
] as const;

describe("other sessions after a change, in-process", () => {
  const failing = { list: async () => [], end: async () => false, endOthers: async () => Promise.reject(new Error("store down")) };

  it.each(CHANGES)("%s still succeeds, and says the other browsers are still signed in", async (field, args) => {
    const answer = await server(failing)(field, args);
    expect(answer).toMatchObject({ success: true, code: null });
    expect(answer.message).toMatch(NOT_ENDED);
    expect(answer.message).not.toMatch(/was signed out/);
    if (field === "enableTwoFactorAuth") expect(answer.backupCodes).toEqual(BACKUP_CODES);
  });

  it.each(CHANGES)("%s on a host without server-side sessions claims nothing about them", async (field, args) => {
    const answer = await server(undefined)(field, args);
    expect(answer).toMatchObject({ success: true, code: null });
    expect(answer.message).not.toMatch(NOT_ENDED);
    expect(answer.message).not.toMatch(/signed out/);
  });

  it.each(CHANGES)("%s with a working store ends the others for the viewer making the change", async (field, args) => {
    const ended: unknown[] = [];
    const answer = await server({ list: async () => [], end: async () => false, endOthers: async (viewer) => ended.push(viewer) })(field, args);
    expect(answer).toMatchObject({ success: true, code: null });
    expect(answer.message).not.toMatch(NOT_ENDED);
    expect(ended).toEqual([expect.objectContaining({ kind: "full", userId: "user-1" })]);
  });
});
