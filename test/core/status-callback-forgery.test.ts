// Threat: someone other than Plivo, or a replay of one captured Plivo request, changes the recorded
// delivery status of an SMS (to hide a failure, or to tell a user their code never arrived).
import { randomUUID } from "node:crypto";
import { validateSignature } from "plivo";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DatabaseHandle } from "@twostep/core/sql";
import { createSqlSmsLog, createSqlStateStore, openDatabase } from "@twostep/core/sql";
import type { LimiterFactory, SmsLog } from "@twostep/core";
import { createLogger } from "@twostep/core";
import { createStatusCallbackHandler, signPlivoV2, type StatusCallbackRequest, verifyPlivoV2 } from "@twostep/core/plivo";

const AUTH_TOKEN = "MjAxNTU1MDEwMGZha2UtdG9rZW4tZm9yLXRlc3Rz";
const CALLBACK_URL = "https://app.example.com/api/sms/status";

let counter = 0;
const freshNonce = () => `${Date.now()}${String(++counter).padStart(8, "0")}`;

describe("the V2 signature", () => {
  it("matches the plivo SDK's own scheme (which we don't call: it compares with ==)", () => {
    const nonce = freshNonce();
    const signature = signPlivoV2({ authToken: AUTH_TOKEN, url: CALLBACK_URL, nonce });
    expect(validateSignature(CALLBACK_URL, nonce, signature, AUTH_TOKEN)).toBe(true);
    expect(verifyPlivoV2({ authToken: AUTH_TOKEN, url: CALLBACK_URL, nonce, signature })).toBe(true);
  });

  it("ignores the query string, as Plivo does", () => {
    const nonce = freshNonce();
    const signature = signPlivoV2({ authToken: AUTH_TOKEN, url: `${CALLBACK_URL}?a=1`, nonce });
    expect(verifyPlivoV2({ authToken: AUTH_TOKEN, url: CALLBACK_URL, nonce, signature })).toBe(true);
  });

  it("fails for another token, another URL, another nonce, or an altered signature", () => {
    const nonce = freshNonce();
    const signature = signPlivoV2({ authToken: AUTH_TOKEN, url: CALLBACK_URL, nonce });
    const check = (over: Partial<Parameters<typeof verifyPlivoV2>[0]>) =>
      verifyPlivoV2({ authToken: AUTH_TOKEN, url: CALLBACK_URL, nonce, signature, ...over });
    expect(check({ authToken: "another-token" })).toBe(false);
    expect(check({ url: "https://evil.example/api/sms/status" })).toBe(false);
    expect(check({ url: "http://app.example.com/api/sms/status" })).toBe(false);
    expect(check({ url: "https://app.example.com/api/sms/status/" })).toBe(false);
    expect(check({ nonce: freshNonce() })).toBe(false);
    expect(check({ signature: signature.slice(0, -2) })).toBe(false);
    expect(check({ signature: (signature[0] === "A" ? "B" : "A") + signature.slice(1) })).toBe(false);
    expect(check({ signature: "" })).toBe(false);
  });
});

describe("the status callback handler", () => {
  let database: DatabaseHandle;
  let smsLog: SmsLog;
  let handle: ReturnType<typeof createStatusCallbackHandler>;

  beforeAll(async () => {
    database = await openDatabase({ pgliteMemory: true });
    smsLog = createSqlSmsLog(database.db);
    handle = createStatusCallbackHandler({
      authToken: AUTH_TOKEN,
      callbackUrl: CALLBACK_URL,
      smsLog,
      limiter: createSqlStateStore(database.db, `t${randomUUID()}`).limiter,
      logger: createLogger({ level: "silent" }),
    });
  });
  afterAll(async () => {
    await database.close();
  });

  async function queuedMessage(): Promise<string> {
    const providerMessageId = randomUUID();
    await smsLog.record({
      id: randomUUID(), provider: "plivo", providerMessageId, toE164: "+14155550123", countryCallingCode: "1",
      body: null, status: "queued", errorCode: null, challengeId: null, purpose: "sign_in", userId: null,
    });
    return providerMessageId;
  }

  function signed(fields: Record<string, string>, over: Partial<StatusCallbackRequest> = {}, nonce = freshNonce()): StatusCallbackRequest {
    return {
      signature: signPlivoV2({ authToken: AUTH_TOKEN, url: CALLBACK_URL, nonce }),
      nonce,
      contentType: "application/x-www-form-urlencoded",
      readBody: async () => new URLSearchParams(fields).toString(),
      ...over,
    };
  }
  const report = (id: string, status: string) => ({ MessageUUID: id, Status: status, To: "14155550123", From: "14155550100" });
  const statusOf = async (id: string) => (await smsLog.statusOf(id))?.status;

  it("applies a signed report", async () => {
    const id = await queuedMessage();
    expect(await handle(signed(report(id, "delivered")))).toEqual({ ok: true, result: "advanced" });
    expect(await statusOf(id)).toBe("delivered");
  });

  it("refuses a request without signature or nonce, without reading its body", async () => {
    const id = await queuedMessage();
    const readBody = vi.fn(async () => new URLSearchParams(report(id, "failed")).toString());
    for (const over of [{ signature: null }, { nonce: null }, { signature: null, nonce: null }]) {
      expect(await handle(signed(report(id, "failed"), { ...over, readBody }))).toEqual({ ok: false, problem: "BAD_SIGNATURE" });
    }
    expect(readBody).not.toHaveBeenCalled();
    expect(await statusOf(id)).toBe("queued");
  });

  it("refuses a signature made with another token or for another URL", async () => {
    const id = await queuedMessage();
    const nonce = freshNonce();
    for (const signature of [
      signPlivoV2({ authToken: "not-our-token", url: CALLBACK_URL, nonce }),
      signPlivoV2({ authToken: AUTH_TOKEN, url: "https://evil.example/api/sms/status", nonce }),
    ]) {
      expect(await handle({ ...signed(report(id, "failed"), {}, nonce), signature })).toEqual({ ok: false, problem: "BAD_SIGNATURE" });
    }
    expect(await statusOf(id)).toBe("queued");
  });

  it("takes each nonce once: a captured signature can't carry another body (V2 doesn't sign the fields)", async () => {
    const id = await queuedMessage();
    const nonce = freshNonce();
    expect(await handle(signed(report(id, "sent"), {}, nonce))).toEqual({ ok: true, result: "advanced" });
    // The same signature and nonce, now saying the message failed: refused as a replay, nothing changes.
    expect(await handle(signed(report(id, "failed"), {}, nonce))).toEqual({ ok: true, result: "replayed" });
    expect(await statusOf(id)).toBe("sent");
  });

  it("answers an unknown message id like any other (a prober learns nothing), changing nothing", async () => {
    expect(await handle(signed(report(randomUUID(), "delivered")))).toEqual({ ok: true, result: "unknown_message" });
  });

  it.each([
    ["no MessageUUID", { Status: "delivered" }],
    ["an unknown Status", { MessageUUID: randomUUID(), Status: "teleported" }],
    ["no Status", { MessageUUID: randomUUID() }],
    ["a MessageUUID with SQL in it", { MessageUUID: "x' OR '1'='1", Status: "failed" }],
    ["an ErrorCode that is not a code", { MessageUUID: randomUUID(), Status: "failed", ErrorCode: "<script>" }],
  ])("refuses a signed body with %s as MALFORMED", async (_name, fields) => {
    expect(await handle(signed(fields as Record<string, string>))).toEqual({ ok: false, problem: "MALFORMED" });
  });

  it("refuses a non-form body and a body over the size limit as MALFORMED, changing nothing", async () => {
    const id = await queuedMessage();
    expect(await handle(signed(report(id, "failed"), { contentType: "application/json" }))).toEqual({ ok: false, problem: "MALFORMED" });
    expect(await handle(signed(report(id, "failed"), { readBody: async () => null }))).toEqual({ ok: false, problem: "MALFORMED" });
    expect(await statusOf(id)).toBe("queued");
  });

  it("fails closed (UNAVAILABLE) when it can't tell a replay, i.e. the nonce store is down", async () => {
    const broken: LimiterFactory = (spec) => ({
      spec,
      consume: async () => Promise.reject(new Error("store down")),
      refund: async () => {},
      retryAfterSeconds: async () => 0,
      reset: async () => {},
    });
    const strict = createStatusCallbackHandler({ authToken: AUTH_TOKEN, callbackUrl: CALLBACK_URL, smsLog, limiter: broken, logger: createLogger({ level: "silent" }) });
    const id = await queuedMessage();
    expect(await strict(signed(report(id, "delivered")))).toEqual({ ok: false, problem: "UNAVAILABLE" });
    expect(await statusOf(id)).toBe("queued");
  });

  it("gives the nonce back when the update fails, so Plivo's retry of that report is not taken for a replay", async () => {
    let fail = true;
    const flaky: Pick<SmsLog, "advanceStatus"> = {
      advanceStatus: async (r) => {
        if (fail) throw new Error("database down");
        return smsLog.advanceStatus(r);
      },
    };
    const retrying = createStatusCallbackHandler({
      authToken: AUTH_TOKEN, callbackUrl: CALLBACK_URL, smsLog: flaky,
      limiter: createSqlStateStore(database.db, `t${randomUUID()}`).limiter, logger: createLogger({ level: "silent" }),
    });
    const id = await queuedMessage();
    const nonce = freshNonce();
    expect(await retrying(signed(report(id, "delivered"), {}, nonce))).toEqual({ ok: false, problem: "UNAVAILABLE" });
    fail = false;
    expect(await retrying(signed(report(id, "delivered"), {}, nonce))).toEqual({ ok: true, result: "advanced" });
    expect(await statusOf(id)).toBe("delivered");
  });
});
