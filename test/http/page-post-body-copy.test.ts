// Threat: large bodies posted to pages at once. Next.js copies a request's body for the proxy
// and holds the copy while the request lasts, by default up to 10 MB each, so twenty 12 MB posts
// from one signed-in stranger grew the server by about 165 MB. The copy stops just past the
// app's largest form, a form post cut there is refused, and memory stays flat.
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../support/app-server";
import { rssBytes } from "../support/process-memory";
import { pendingSession, twoFactorUserOverHttp } from "./support/two-factor-user";

const POSTS = 20;
const OCTETS = "application/octet-stream";
const FORM = "multipart/form-data; boundary=qq";
const BODY_BYTES = 12 * 1024 * 1024;
/** Growth allowed for twenty page renders; one 10 MB copy each would be 200 MB. */
const MAX_RSS_GROWTH_BYTES = 48 * 1024 * 1024;

/**
 * Streams the body chunked (no Content-Length to refuse it by) and resolves with the status. Next
 * answers a request the proxy saw only once its whole body has arrived, so each is sent in full.
 */
function postChunked(app: AppServer, path: string, cookie: string, contentType: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(new URL(path, app.url), { method: "POST", headers: { cookie, "content-type": contentType } });
    request.on("response", (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode ?? 0));
    });
    request.on("error", reject);
    const chunk = Buffer.alloc(256 * 1024, 0x61);
    let sent = 0;
    const pump = () => {
      while (sent < BODY_BYTES) {
        sent += chunk.byteLength;
        if (!request.write(chunk)) return void request.once("drain", pump);
      }
      request.end();
    };
    pump();
  });
}

describe("bodies posted to pages are not copied whole for the proxy", () => {
  let app: AppServer;
  let cookie: string;

  beforeAll(async () => {
    app = await startAppServer();
    const user = await twoFactorUserOverHttp(app.url);
    const pending = await pendingSession(app.url, user.email);
    cookie = [...pending.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("twenty large posts at once leave the server's memory flat", async () => {
    // Warm the page up first, so compiling and first-use allocations don't count as growth.
    await postChunked(app, "/verify", cookie, OCTETS);
    const before = rssBytes(app.pid);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rssBytes(app.pid))), 10);
    // Half as plain bytes (the page renders), half as a form post: the proxy's copy of it stops
    // before its first 256 KiB chunk, so the screen reads no whole form and refuses it (400).
    const statuses = await Promise.all(Array.from({ length: POSTS }, (_, i) => postChunked(app, "/verify", cookie, i % 2 ? FORM : OCTETS)));
    clearInterval(sampler);
    expect(peak - before, `RSS grew by ${Math.round((peak - before) / 1024 / 1024)} MB`).toBeLessThan(MAX_RSS_GROWTH_BYTES);
    expect(statuses.filter((_, i) => i % 2 === 0)).toEqual(Array(POSTS / 2).fill(200));
    expect(statuses.filter((_, i) => i % 2 === 1)).toEqual(Array(POSTS / 2).fill(400));
  });
});
