// Threat: a route reads a request body whole before it checks its size, so a few large (or
// endless chunked) uploads fill the server's memory. Every body the app reads is capped before it
// is read: a declared length over the limit is refused unread, a chunked body is read only up to
// the limit, and the answer is a prompt 413 while the server's memory stays flat.
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../support/app-server";
import { rssBytes } from "../support/process-memory";
import { startFakePlivo, type FakePlivo } from "../support/fake-plivo-server";

const PLIVO = { authId: "MAFAKEAUTHID0000", authToken: "fake-auth-token-for-tests-0123456789" };
/** Big enough that buffering it shows in RSS, small enough to send over loopback in seconds. */
const BODY_BYTES = 256 * 1024 * 1024;
/** Growth allowed while the body streams in: the server's own churn, far below the body. */
const MAX_RSS_GROWTH_BYTES = 64 * 1024 * 1024;
const ANSWER_WITHIN_MS = 15_000;

type UploadOutcome = { status: number; sentBytes: number; ms: number } | { cut: true; sentBytes: number; ms: number };

/**
 * Streams `totalBytes` of filler with chunked encoding (no Content-Length) and resolves with the
 * status as soon as the server answers, however much was sent by then. The server closes the
 * connection after its 413, so a write already in flight can meet the reset before the answer is
 * read (EPIPE or ECONNRESET, and the kernel drops the unread 413 with it): that is reported as
 * `cut`, the server having stopped the upload without our seeing why.
 */
function uploadChunkedOnce(app: AppServer, path: string, headers: Record<string, string>, totalBytes: number) {
  return new Promise<UploadOutcome>((resolve, reject) => {
    const started = Date.now();
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let sent = 0;
    let answered = false;
    const request = http.request(new URL(path, app.url), { method: "POST", headers });
    const timer = setTimeout(() => {
      request.destroy();
      reject(new Error(`no answer within ${ANSWER_WITHIN_MS} ms after ${sent} bytes`));
    }, ANSWER_WITHIN_MS);
    request.on("response", (response) => {
      answered = true;
      clearTimeout(timer);
      response.resume();
      resolve({ status: response.statusCode ?? 0, sentBytes: sent, ms: Date.now() - started });
      request.destroy();
    });
    request.on("error", (error: NodeJS.ErrnoException) => {
      if (answered) return;
      answered = true;
      clearTimeout(timer);
      if (error.code === "EPIPE" || error.code === "ECONNRESET") resolve({ cut: true, sentBytes: sent, ms: Date.now() - started });
      else reject(error);
    });
    const pump = () => {
      while (!answered && sent < totalBytes) {
        sent += chunk.byteLength;
        if (!request.write(chunk)) return void request.once("drain", pump);
      }
      if (!answered) request.end();
    };
    pump();
  });
}

/**
 * The status the server gave, trying again when the reset raced the answer; each try is timed on
 * its own, and a server that never answers fails the first try.
 */
async function uploadChunked(app: AppServer, path: string, headers: Record<string, string>, totalBytes: number) {
  const cutTries: number[] = [];
  for (let attempt = 1; attempt <= 5; attempt++) {
    const outcome = await uploadChunkedOnce(app, path, headers, totalBytes);
    if (!("cut" in outcome)) return { ...outcome, cutTries };
    expect(outcome.ms, "a reset without an answer still came promptly").toBeLessThan(ANSWER_WITHIN_MS);
    cutTries.push(outcome.sentBytes);
  }
  throw new Error(`the connection was reset before any answer in each of 5 tries (bytes sent: ${cutTries.join(", ")})`);
}

/** A declared length far over any limit, with only a few bytes actually sent. */
function declareHuge(app: AppServer, path: string, headers: Record<string, string>) {
  return new Promise<number>((resolve, reject) => {
    const request = http.request(new URL(path, app.url), { method: "POST", headers: { ...headers, "content-length": String(1024 ** 3) } });
    request.on("response", (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
      request.destroy();
    });
    request.on("error", reject);
    request.write("{");
  });
}

const JSON_HEADERS = { "content-type": "application/json" };
const routes: { name: string; path: string; headers: Record<string, string>; app: "outbox" | "plivo"; expected: number[] }[] = [
  { name: "JSON sign-up", path: "/api/account/sign-up", headers: JSON_HEADERS, app: "outbox", expected: [413] },
  { name: "Auth.js credentials", path: "/api/auth/callback/credentials", headers: { "content-type": "application/x-www-form-urlencoded" }, app: "outbox", expected: [413] },
  { name: "GraphQL", path: "/api/graphql", headers: { ...JSON_HEADERS, "x-twostep-csrf": "1" }, app: "outbox", expected: [413] },
  // Unsigned reports are refused before the body is read (403); an oversized one is 413.
  { name: "Plivo delivery reports", path: "/api/sms/status", headers: { "content-type": "application/x-www-form-urlencoded" }, app: "plivo", expected: [403, 413] },
];

describe("request bodies are capped before they are read", () => {
  let plivo: FakePlivo;
  const apps = {} as Record<"outbox" | "plivo", AppServer>;
  beforeAll(async () => {
    plivo = await startFakePlivo(PLIVO);
    [apps.outbox, apps.plivo] = await Promise.all([
      startAppServer(),
      startAppServer({ SMS_PROVIDER: "plivo", PLIVO_AUTH_ID: PLIVO.authId, PLIVO_AUTH_TOKEN: PLIVO.authToken, PLIVO_PHONE_NUMBER: "+14155550100", PLIVO_API_URL: plivo.url }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([apps.outbox?.stop(), apps.plivo?.stop()]);
    await plivo?.close();
  });

  it.each(routes)("$name: a declared length over the limit is a 413 before any of it is read", async ({ path, headers, app }) => {
    const status = await declareHuge(apps[app], path, headers);
    expect(status === 413 || (path === "/api/sms/status" && status === 403)).toBe(true);
  });

  it.each(routes)("$name: a huge chunked body answers promptly, and the server's memory stays flat", async ({ path, headers, app, expected }) => {
    const server = apps[app];
    // Warm the route up first, so compiling and first-use allocations don't count as growth.
    await uploadChunked(server, path, headers, 1024);
    const before = rssBytes(server.pid);
    const { status, ms } = await uploadChunked(server, path, headers, BODY_BYTES);
    const growth = rssBytes(server.pid) - before;
    expect(expected).toContain(status);
    expect(ms).toBeLessThan(ANSWER_WITHIN_MS);
    expect(growth, `RSS grew by ${Math.round(growth / 1024 / 1024)} MB`).toBeLessThan(MAX_RSS_GROWTH_BYTES);
  });
});
