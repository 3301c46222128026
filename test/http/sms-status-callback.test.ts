// Threat: a request that Plivo did not sign, or a replay of one it did, changes the delivery status
// the app shows for a code SMS; and honest reports that arrive out of order move it backwards.
// The app runs as a production build with Plivo configured; the code SMS is sent by the core
// in-process, through the real Plivo SDK against a fake on loopback, into the app's own database
// (independent of which pages or APIs start a send); the reports are POSTed over HTTP like Plivo's.
import { createHmac, randomInt } from "node:crypto";
import { request as httpRequest } from "node:http";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChallengeService } from "@twostep/core";
import type { DatabaseHandle } from "@twostep/core/sql";
import { createSqlStateStore, openDatabase } from "@twostep/core/sql";
import { createLogger } from "@twostep/core";
import { createPlivoSender } from "@twostep/core/plivo";
import { startAppServer, type AppServer } from "../support/app-server";
import { sendStatusCallback, startFakePlivo, type FakePlivo } from "../support/fake-plivo-server";
import { randomIp, randomPhone, randomUserId, serviceFor } from "../support/fixtures";
import { postgresAvailable } from "../support/services";

const AUTH_ID = "MAFAKEAUTHID0000000";
const AUTH_TOKEN = "fake-auth-token-for-callback-tests";

/** Signs for `signUrl` (and token) but POSTs to `postUrl`, so tests can get any part wrong. */
async function postSigned(input: {
  postUrl: string;
  signUrl?: string;
  authToken?: string;
  nonce?: string;
  body: string;
  contentType?: string;
  host?: string;
}): Promise<number> {
  const nonce = input.nonce ?? `${randomInt(1e9, 1e10)}${randomInt(1e9, 1e10)}`;
  const { origin, pathname } = new URL(input.signUrl ?? input.postUrl);
  const signature = createHmac("sha256", input.authToken ?? AUTH_TOKEN).update(origin + pathname + nonce).digest("base64");
  const target = new URL(input.postUrl);
  // node:http, not fetch: fetch won't let a test set the Host header a proxy would have rewritten.
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: "POST",
        headers: {
          host: input.host ?? target.host,
          "content-type": input.contentType ?? "application/x-www-form-urlencoded",
          "content-length": Buffer.byteLength(input.body),
          "x-plivo-signature-v2": signature,
          "x-plivo-signature-v2-nonce": nonce,
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(input.body);
  });
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

describe("POST /api/sms/status (production build, Plivo configured)", async () => {
  const run = await postgresAvailable();
  let app: AppServer;
  let plivo: FakePlivo;
  let sql: postgres.Sql;
  let database: DatabaseHandle;
  let challenges: ChallengeService;
  let callbackUrl: string;

  beforeAll(async () => {
    if (!run) return;
    plivo = await startFakePlivo({ authId: AUTH_ID, authToken: AUTH_TOKEN });
    app = await startAppServer({
      SMS_PROVIDER: "plivo",
      PLIVO_AUTH_ID: AUTH_ID,
      PLIVO_AUTH_TOKEN: AUTH_TOKEN,
      PLIVO_PHONE_NUMBER: "+14155550100",
      PLIVO_API_URL: plivo.url,
    }, { freshPostgres: true });
    callbackUrl = `${app.url}/api/sms/status`;
    sql = postgres(app.databaseUrl!, { max: 2, onnotice: () => {} });
    database = await openDatabase({ url: app.databaseUrl!, maxConnections: 2 });
    const logger = createLogger({ level: "silent" });
    const sender = createPlivoSender({
      authId: AUTH_ID, authToken: AUTH_TOKEN, from: "+14155550100", apiUrl: plivo.url, statusCallbackUrl: callbackUrl, logger,
    });
    ({ service: challenges } = serviceFor(createSqlStateStore(database.db), database.db, {
      sender,
      logger,
      settings: { allowedCountries: new Set(["US"]), originHost: new URL(app.url).host },
    }));
  });
  afterAll(async () => {
    if (!run) return;
    await database?.close();
    await sql?.end();
    await app?.stop();
    await plivo?.close();
  });

  /** Sends a code SMS through Plivo (the fake) into the app's database; returns Plivo's id for it. */
  async function sendCodeSms(): Promise<{ uuid: string; phone: string }> {
    const phone = randomPhone();
    const sent = await challenges.start({ userId: randomUserId(), purpose: "sign_in", ip: randomIp(), phone });
    expect(sent.ok).toBe(true);
    const [row] = await sql<{ provider_message_id: string; status: string }[]>`
      SELECT provider_message_id, status FROM sms_messages WHERE to_e164 = ${phone}`;
    expect(row).toMatchObject({ status: "queued" });
    // The send named our callback URL: that URL, and nothing the request says, is what gets verified.
    expect(plivo.lastMessageTo(phone.slice(1))?.url ?? plivo.lastMessageTo(phone)?.url).toBe(callbackUrl);
    return { uuid: row!.provider_message_id, phone };
  }

  const statusOf = async (uuid: string) =>
    (await sql<{ status: string; error_code: string | null }[]>`SELECT status, error_code FROM sms_messages WHERE provider_message_id = ${uuid}`)[0];
  const report = (uuid: string, phone: string, Status: string, extra: Record<string, string> = {}) => ({
    MessageUUID: uuid, Status, To: phone.slice(1), From: "14155550100", ...extra,
  });

  it.runIf(run)("a signed report is applied (200) and the status is stored", async () => {
    const { uuid, phone } = await sendCodeSms();
    expect(await sendStatusCallback({ callbackUrl, authToken: AUTH_TOKEN, params: report(uuid, phone, "sent") })).toEqual({ status: 200 });
    expect(await statusOf(uuid)).toEqual({ status: "sent", error_code: null });
    const undelivered = report(uuid, phone, "undelivered", { ErrorCode: "30" });
    expect(await sendStatusCallback({ callbackUrl, authToken: AUTH_TOKEN, params: undelivered })).toEqual({ status: 200 });
    expect(await statusOf(uuid)).toEqual({ status: "undelivered", error_code: "30" });
  });

  it.runIf(run)("an unsigned report is refused (403) and changes nothing", async () => {
    const { uuid, phone } = await sendCodeSms();
    const res = await fetch(callbackUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form(report(uuid, phone, "failed")),
    });
    expect(res.status).toBe(403);
    expect(await statusOf(uuid)).toMatchObject({ status: "queued" });
  });

  it.runIf(run)("a report signed with another token, or for another URL, is refused (403)", async () => {
    const { uuid, phone } = await sendCodeSms();
    const body = form(report(uuid, phone, "failed"));
    expect(await postSigned({ postUrl: callbackUrl, authToken: "someone-elses-token", body })).toBe(403);
    expect(await postSigned({ postUrl: callbackUrl, signUrl: "https://evil.example/api/sms/status", body })).toBe(403);
    // Signed for the Host the request claims rather than our configured URL: still refused.
    expect(await postSigned({ postUrl: callbackUrl, signUrl: "http://evil.example/api/sms/status", host: "evil.example", body })).toBe(403);
    expect(await statusOf(uuid)).toMatchObject({ status: "queued" });
  });

  it.runIf(run)("the configured URL is what counts, not the Host header a proxy rewrote", async () => {
    const { uuid, phone } = await sendCodeSms();
    const body = form(report(uuid, phone, "delivered"));
    expect(await postSigned({ postUrl: callbackUrl, signUrl: callbackUrl, host: "internal-app:8080", body })).toBe(200);
    expect(await statusOf(uuid)).toMatchObject({ status: "delivered" });
  });

  it.runIf(run)("a replayed request (same nonce) is harmless: 200, and it changes nothing even with a tampered body", async () => {
    const { uuid, phone } = await sendCodeSms();
    const nonce = `${randomInt(1e9, 1e10)}${randomInt(1e9, 1e10)}`;
    expect(await postSigned({ postUrl: callbackUrl, nonce, body: form(report(uuid, phone, "sent")) })).toBe(200);
    expect(await postSigned({ postUrl: callbackUrl, nonce, body: form(report(uuid, phone, "sent")) })).toBe(200);
    // V2 signs only the URL and nonce, not the fields (Plivo's scheme): without nonce memory, this
    // captured signature would carry any status for any message. With it, the replay is a no-op.
    expect(await postSigned({ postUrl: callbackUrl, nonce, body: form(report(uuid, phone, "failed", { ErrorCode: "1" })) })).toBe(200);
    expect(await statusOf(uuid)).toEqual({ status: "sent", error_code: null });
  });

  it.runIf(run)("reports out of order never move the status back: delivered, then sent, stays delivered", async () => {
    const { uuid, phone } = await sendCodeSms();
    for (const status of ["delivered", "sent", "queued", "undelivered"]) {
      expect(await sendStatusCallback({ callbackUrl, authToken: AUTH_TOKEN, params: report(uuid, phone, status) })).toEqual({ status: 200 });
    }
    expect(await statusOf(uuid)).toMatchObject({ status: "delivered" });
  });

  it.runIf(run)("a report for a message we don't know gets 200 and changes nothing", async () => {
    const params = { MessageUUID: crypto.randomUUID(), Status: "delivered", To: "14155550123", From: "14155550100" };
    expect(await sendStatusCallback({ callbackUrl, authToken: AUTH_TOKEN, params })).toEqual({ status: 200 });
    const rows = await sql`SELECT 1 FROM sms_messages WHERE provider_message_id = ${params.MessageUUID}`;
    expect(rows).toHaveLength(0);
  });

  it.runIf(run)("a signed but malformed report is refused (400), never a 500, and changes nothing", async () => {
    const { uuid, phone } = await sendCodeSms();
    const bodies: Array<{ body: string; contentType?: string }> = [
      { body: form({ Status: "delivered" }) },
      { body: form(report(uuid, phone, "teleported")) },
      { body: form({ MessageUUID: "'; DROP TABLE sms_messages; --", Status: "failed" }) },
      { body: "%%%not a form%%%" },
      { body: JSON.stringify(report(uuid, phone, "failed")), contentType: "application/json" },
    ];
    for (const { body, contentType } of bodies) {
      expect(await postSigned({ postUrl: callbackUrl, body, contentType })).toBe(400);
    }
    // Over the body limit: 413, unread (test/http/request-body-limits.test.ts).
    expect(await postSigned({ postUrl: callbackUrl, body: form({ ...report(uuid, phone, "failed"), Pad: "x".repeat(20_000) }) })).toBe(413);
    expect(await statusOf(uuid)).toMatchObject({ status: "queued" });
    expect(app.logs()).not.toMatch(/Unhandled|TypeError|⨯/);
  });

  it.runIf(run)("the dev outbox stays closed in production with Plivo (test numbers are off by default)", async () => {
    expect((await fetch(`${app.url}/api/dev/outbox`)).status).toBe(404);
  });
});
