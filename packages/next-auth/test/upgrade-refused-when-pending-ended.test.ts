// Threat: a password reset, "sign out everywhere" or the user ending a pending row lands while
// the second step's code is being checked. The check at the request's start saw the pending
// session live, so the completion used to open a full session and set its cookie anyway: the
// reset meant to shut out whoever had the password let them in. The upgrade must open nothing
// and set no cookie, and the completion answers REAUTH_REQUIRED (sign in again).
// The session records are the core's real registry on PGlite; only Next's request context
// (cookies(), headers()) is stood in for, as no Next server runs here.
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createSessionRegistry, type SessionRegistry } from "@twostep/core";
import { createSqlSessionStore, openDatabase, type DatabaseHandle } from "@twostep/core/sql";
import { createTwoStepSession, type PendingViewer } from "@twostep/next-auth";

const jar = new Map<string, string>();
vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) => (jar.has(name) ? { name, value: jar.get(name) } : undefined),
    set: (name: string, value: string) => void jar.set(name, value),
  }),
  headers: async () => new Headers({ "user-agent": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0" }),
}));

let handle: DatabaseHandle;
let registry: SessionRegistry;
beforeAll(async () => {
  handle = await openDatabase({ pgliteMemory: true });
  registry = createSessionRegistry({ store: createSqlSessionStore(handle.db, { tables: handle.tables }) });
});
afterAll(async () => handle.close());
beforeEach(() => jar.clear());

const session = () => createTwoStepSession({ secret: randomBytes(32).toString("base64url"), secureCookies: false, sessions: registry, userExists: async () => true });
/** The core's answer that the code passed: the race is after it, so the check itself is not the subject. */
const passed = { completeSignIn: async () => ({ ok: true }) as never };

async function pendingViewer(): Promise<PendingViewer> {
  const userId = `u-${randomUUID()}`;
  const record = await registry.open({ userId, stage: "pending", factor: null });
  return { kind: "pending", userId, email: "a@example.com", sessionId: record.id };
}

describe("finishing sign-in for a pending session that was ended meanwhile", () => {
  it("opens no full session and sets no cookie when a password reset ended it during the check", async () => {
    const viewer = await pendingViewer();
    const twoFactor = {
      completeSignIn: async () => {
        // The reset lands while the code is checked.
        await registry.endOthers(viewer.userId, null);
        return { ok: true } as never;
      },
    };
    const result = await session().completeSignInWithCode(viewer, { twoFactor, code: "123456" });
    expect(result).toEqual({ ok: false, code: "REAUTH_REQUIRED" });
    expect(jar.size).toBe(0);
    expect(await registry.list(viewer.userId)).toEqual([]);
  });

  it("refuses the backup-code and authenticator completions the same way", async () => {
    const backup = await pendingViewer();
    await registry.end(backup.sessionId!);
    const backupResult = await session().completeSignInWithBackupCode(backup, { twoFactor: { completeSignInWithBackupCode: async () => ({ ok: true }) as never }, code: "abcd-efgh" });
    expect(backupResult).toEqual({ ok: false, code: "REAUTH_REQUIRED" });

    const app = await pendingViewer();
    await registry.endForUser(app.userId, app.sessionId!);
    const appResult = await session().completeSignInWithAuthenticator(app, { twoFactor: { completeSignInWithAuthenticator: async () => ({ ok: true }) as never }, code: "123456" });
    expect(appResult).toEqual({ ok: false, code: "REAUTH_REQUIRED" });

    expect(jar.size).toBe(0);
    expect(await registry.list(backup.userId)).toEqual([]);
    expect(await registry.list(app.userId)).toEqual([]);
  });

  it("still upgrades a pending session that is live: the full record replaces it and the cookie is set", async () => {
    const viewer = await pendingViewer();
    const result = await session().completeSignInWithCode(viewer, { twoFactor: passed, code: "123456" });
    expect(result.ok).toBe(true);
    expect(jar.size).toBe(1);
    const live = await registry.list(viewer.userId);
    expect(live.map((s) => [s.stage, s.factor])).toEqual([["full", "sms"]]);
    expect(await registry.check(viewer.sessionId!)).toBeNull();
  });
});
