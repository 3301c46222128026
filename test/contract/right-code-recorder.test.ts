// Threat: after a Redis check, "has this account signed in before?" is asked of an audit log that
// may already hold the check's own sign-in (the stream's mover lands it at any time, stamped with
// the Redis server's time): an account's very first sign-in then reads as a known account's, and its
// owner is mailed about a "new browser". Or the other way round: a known account's sign-in from a
// new browser goes unrecorded and unmailed. twostep_record_right_code (drizzle/0013) judges as the
// core did before it (withConditionsMet), on PGlite, PostgreSQL and a prefixed schema.
import { randomInt, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckEvent, RightCodeRecord, StoredAuditEvent } from "@twostep/core";
import { createSqlAuditImport, createSqlAuditLog, createSqlRightCodeRecorder, openDatabase, type DatabaseHandle } from "@twostep/core/sql";
import { eq } from "drizzle-orm";
import { createFreshDatabase } from "../support/fresh-database";
import { randomUserId } from "../support/fixtures";
import { postgresAvailable } from "../support/services";

type Backend = { handle: DatabaseHandle; close(): Promise<void> };

const backends: [string, () => Promise<boolean>, () => Promise<Backend>][] = [
  ["PGlite", async () => true, async () => {
    const handle = await openDatabase({ pgliteMemory: true });
    return { handle, close: handle.close };
  }],
  ["PGlite, tables under acme_2fa_", async () => true, async () => {
    const handle = await openDatabase({ pgliteMemory: true, tablePrefix: "acme_2fa_" });
    return { handle, close: handle.close };
  }],
  ["PostgreSQL", postgresAvailable, async () => {
    const fresh = await createFreshDatabase();
    const handle = await openDatabase({ url: fresh.url });
    return { handle, close: async () => { await handle.close(); await fresh.drop(); } };
  }],
];

const newBrowser: CheckEvent = { type: "sign_in.new_device", detail: { device: "Firefox on macOS" }, onlyAfter: "sign_in.succeeded", notice: '{"type":"sign_in.new_device"}' };

describe.each(backends)("a right code's aftermath in one statement (%s)", (_name, available, open) => {
  let backend: Backend | undefined;
  beforeAll(async () => {
    if (await available()) backend = await open();
  });
  afterAll(async () => {
    await backend?.close();
  });

  const setUp = () => {
    const { db, tables } = backend!.handle;
    const recorder = createSqlRightCodeRecorder(db, { tables });
    const log = createSqlAuditLog(db, { tables });
    const landed = createSqlAuditImport(db, { tables });
    const nowMs = Date.now();
    /** A sign-in row as the mover lands it: its own id and time. */
    const signIn = (userId: string, atMs: number): StoredAuditEvent => ({
      id: randomUUID(), userId, type: "sign_in.succeeded", ip: null, detail: { factor: "sms" }, createdAt: new Date(atMs),
    });
    const record = (input: Partial<RightCodeRecord> & { userId: string }) =>
      recorder.record({ ip: "203.0.113.77", nowMs, checkLogged: true, events: [newBrowser], conversionCallingCode: null, ...input });
    const newBrowsers = async (userId: string) => (await log.recentForUser(userId, 50)).filter((e) => e.type === "sign_in.new_device");
    const notices = async (body: string) =>
      db.select().from(tables.securityNoticeOutbox).where(eq(tables.securityNoticeOutbox.body, body));
    return { recorder, landed, nowMs, signIn, record, newBrowsers, notices, db, tables };
  };

  it("a first sign-in whose own row already landed is no news; one after an earlier sign-in is recorded with its notice", async (context) => {
    if (!backend) return context.skip();
    const { landed, nowMs, signIn, record, newBrowsers, notices } = setUp();

    // The account's first sign-in: the check's own row landed before the aftermath ran (Redis time, not before the check).
    const first = randomUserId();
    await landed.insertOnce([signIn(first, nowMs + 3)]);
    expect((await record({ userId: first })).recorded).toEqual([]);
    expect(await newBrowsers(first)).toEqual([]);

    // Not landed yet: the same answer.
    const firstUnlanded = randomUserId();
    expect((await record({ userId: firstUnlanded })).recorded).toEqual([]);

    // An account that signed in before the check, its own row landed or not.
    for (const landedToo of [true, false]) {
      const known = randomUserId();
      const body = JSON.stringify({ type: "sign_in.new_device", userId: known });
      await landed.insertOnce([signIn(known, nowMs - 60_000), ...(landedToo ? [signIn(known, nowMs + 3)] : [])]);
      expect((await record({ userId: known, events: [{ ...newBrowser, notice: body }] })).recorded).toEqual([{ ...newBrowser, notice: body }]);
      expect(await newBrowsers(known)).toMatchObject([{ ip: "203.0.113.77", detail: { device: "Firefox on macOS" } }]);
      expect(await notices(body)).toMatchObject([{ attempts: 0, nextAttemptAtMs: nowMs, createdAtMs: nowMs }]);
    }

    // Two sign-ins on record, neither before the check by the clocks: only one can be this check's.
    const twice = randomUserId();
    await landed.insertOnce([signIn(twice, nowMs + 1), signIn(twice, nowMs + 2)]);
    expect((await record({ userId: twice })).recorded).toHaveLength(1);
  });

  it("a check that logged nothing of its own: any sign-in on record is an earlier one, judged before its own events are written", async (context) => {
    if (!backend) return context.skip();
    const { landed, nowMs, signIn, record, newBrowsers } = setUp();
    const code = { type: "code.verified", detail: { purpose: "sign_in", outcome: "ok" } } as const;
    const own = { type: "sign_in.succeeded", detail: { factor: "sms" } } as const;

    // A first sign-in checked in steps (a Redis Cluster): its own sign_in.succeeded is in the same list.
    const first = randomUserId();
    expect((await record({ userId: first, checkLogged: false, events: [code, own, newBrowser] })).recorded).toEqual([code, own]);
    expect(await newBrowsers(first)).toEqual([]);

    // A sign-in on record, whatever its time.
    const known = randomUserId();
    await landed.insertOnce([signIn(known, nowMs + 3)]);
    expect((await record({ userId: known, checkLogged: false, events: [code, own, newBrowser] })).recorded).toEqual([code, own, newBrowser]);
    expect(await newBrowsers(known)).toHaveLength(1);
  });

  it("counts the verification for the code's country in the same statement", async (context) => {
    if (!backend) return context.skip();
    const { record, db, tables } = setUp();
    const callingCode = `9${randomInt(1e6)}`;
    const verified = async () =>
      (await db.select().from(tables.smsCountryStats).where(eq(tables.smsCountryStats.callingCode, callingCode))).reduce((sum, row) => sum + row.verified, 0);
    await record({ userId: randomUserId(), events: [], conversionCallingCode: callingCode });
    await record({ userId: randomUserId(), conversionCallingCode: callingCode });
    expect(await verified()).toBe(2);
    // None for a code that counts toward none.
    await record({ userId: randomUserId(), events: [], conversionCallingCode: null });
    expect(await verified()).toBe(2);
  });
});
