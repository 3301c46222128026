// Threat: delivery reports that arrive late, twice, or at the same time move an SMS's status
// backwards (a late "sent" hides "delivered"; a second final report rewrites the first), so the
// code page tells the user the wrong thing.
import { randomInt, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@twostep/core/sql";
import { createSqlSmsLog, openDatabase } from "@twostep/core/sql";
import { type DeliveryStatus, parseDeliveryReport } from "@twostep/core";
import type { SmsLog } from "@twostep/core";
import { createFreshDatabase } from "../support/fresh-database";
import { postgresAvailable } from "../support/services";

async function queued(smsLog: SmsLog, status: DeliveryStatus = "queued"): Promise<string> {
  const providerMessageId = randomUUID();
  await smsLog.record({
    id: randomUUID(), provider: "plivo", providerMessageId, toE164: "+14155550123", countryCallingCode: "1",
    body: null, status, errorCode: null, challengeId: null, purpose: "sign_in", userId: null,
  });
  return providerMessageId;
}

const advance = (smsLog: SmsLog, providerMessageId: string, status: DeliveryStatus, errorCode: string | null = null) =>
  smsLog.advanceStatus({ providerMessageId, status, errorCode });

describe("parsing a Plivo report", () => {
  it("reads the fields we use and ignores the rest", () => {
    const form = new URLSearchParams({ MessageUUID: "2e5b7c2a-1111-4c4c-9999-000000000001", Status: "Undelivered", ErrorCode: "30", To: "1", From: "2", TotalRate: "0.005" });
    expect(parseDeliveryReport(form)).toEqual({ providerMessageId: "2e5b7c2a-1111-4c4c-9999-000000000001", status: "undelivered", errorCode: "30" });
    expect(parseDeliveryReport(new URLSearchParams({ MessageUUID: "abc", Status: "sent", ErrorCode: "" }))).toEqual({ providerMessageId: "abc", status: "sent", errorCode: null });
  });
});

describe("statuses only move forward (PGlite)", () => {
  let database: DatabaseHandle;
  let smsLog: SmsLog;
  beforeAll(async () => {
    database = await openDatabase({ pgliteMemory: true });
    smsLog = createSqlSmsLog(database.db);
  });
  afterAll(async () => {
    await database.close();
  });

  it("queued → sent → delivered, each once; a repeat is a no-op", async () => {
    const id = await queued(smsLog);
    expect(await advance(smsLog, id, "queued")).toBe("not_newer");
    expect(await advance(smsLog, id, "sent")).toBe("advanced");
    expect(await advance(smsLog, id, "sent")).toBe("not_newer");
    expect(await advance(smsLog, id, "delivered")).toBe("advanced");
    expect(await advance(smsLog, id, "delivered")).toBe("not_newer");
    expect(await smsLog.statusOf(id)).toEqual({ status: "delivered", errorCode: null });
  });

  it("a late sent or queued never overwrites delivered", async () => {
    const id = await queued(smsLog);
    expect(await advance(smsLog, id, "delivered")).toBe("advanced");
    expect(await advance(smsLog, id, "sent")).toBe("not_newer");
    expect(await advance(smsLog, id, "queued")).toBe("not_newer");
    expect(await smsLog.statusOf(id)).toMatchObject({ status: "delivered" });
  });

  it("the first final status wins over any later, different one", async () => {
    for (const first of ["delivered", "undelivered", "failed", "rejected"] as const) {
      for (const second of ["delivered", "undelivered", "failed", "rejected"] as const) {
        const id = await queued(smsLog);
        expect(await advance(smsLog, id, first, first === "delivered" ? null : "30")).toBe("advanced");
        expect(await advance(smsLog, id, second, "99")).toBe("not_newer");
        expect(await smsLog.statusOf(id)).toEqual({ status: first, errorCode: first === "delivered" ? null : "30" });
      }
    }
  });

  it("a send that failed at once (recorded failed) takes no report", async () => {
    const id = await queued(smsLog, "failed");
    expect(await advance(smsLog, id, "delivered")).toBe("not_newer");
  });

  it("reports about other messages, or none we know, change nothing", async () => {
    const id = await queued(smsLog);
    expect(await advance(smsLog, randomUUID(), "delivered")).toBe("unknown_message");
    expect(await smsLog.statusOf(id)).toMatchObject({ status: "queued" });
  });
});

describe("statuses only move forward under concurrent reports (PostgreSQL)", async () => {
  const run = await postgresAvailable();
  let fresh: { url: string; drop(): Promise<void> };
  let database: DatabaseHandle;
  let smsLog: SmsLog;
  beforeAll(async () => {
    if (!run) return;
    fresh = await createFreshDatabase();
    database = await openDatabase({ url: fresh.url, maxConnections: 8 });
    smsLog = createSqlSmsLog(database.db);
  });
  afterAll(async () => {
    if (!run) return;
    await database?.close();
    await fresh?.drop();
  });

  it.runIf(run)("every message ends at its final status, whatever order the reports race in", async () => {
    const messages = await Promise.all(Array.from({ length: 40 }, () => queued(smsLog)));
    // Each message gets queued, sent and one final report, several times each, all in flight together.
    const finals = messages.map((_, i) => (["delivered", "undelivered", "failed", "rejected"] as const)[i % 4]!);
    const reports = messages.flatMap((id, i) =>
      [...Array(3)].flatMap(() => (["queued", "sent", finals[i]!] as DeliveryStatus[]).map((status) => ({ id, status }))),
    );
    for (let i = reports.length - 1; i > 0; i--) {
      const j = randomInt(i + 1);
      [reports[i], reports[j]] = [reports[j]!, reports[i]!];
    }
    const outcomes = await Promise.all(reports.map((r) => advance(smsLog, r.id, r.status)));
    expect(outcomes).not.toContain("unknown_message");
    for (const [i, id] of messages.entries()) {
      expect((await smsLog.statusOf(id))?.status).toBe(finals[i]);
      // Of the three identical final reports racing, exactly one wrote.
      const finalWrites = reports.filter((r, k) => r.id === id && r.status === finals[i] && outcomes[k] === "advanced");
      expect(finalWrites).toHaveLength(1);
    }
  });
});
