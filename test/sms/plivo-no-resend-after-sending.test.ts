// Threat: a Plivo request that went out but got no answer in time is sent again, though Plivo may
// already have queued it: the user gets the code twice and spend passes the caps. Only requests
// that provably never reached Plivo are retried; a timeout after sending is final, reported as an
// unknown outcome. And Plivo's geo-permission refusal (403 to POST /Message/) is about the
// destination's country, not our credentials: it must not read as AUTH_FAILED.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "@twostep/core";
import { createPlivoSender, type PlivoSenderOptions } from "@twostep/core/plivo";
import { startFakePlivo, type FakePlivo } from "../support/fake-plivo-server";

const AUTH = { authId: "MAFAKEAUTHID0000", authToken: "fake-auth-token" };
const MESSAGE = { to: "+14155550123", body: "482913 is your twostep code", messageId: "msg-1" };

let fake: FakePlivo;
let logLines: string[];

beforeEach(async () => {
  fake = await startFakePlivo(AUTH);
  logLines = [];
});
afterEach(() => fake.close());

function sender(overrides: Partial<PlivoSenderOptions> = {}) {
  const logger = createLogger({ level: "debug", destination: { write: (line: string) => void logLines.push(line) } });
  return createPlivoSender({ ...AUTH, from: "+14155550100", apiUrl: fake.url, timeoutMs: 300, logger, ...overrides });
}

describe("the Plivo sender never sends a message twice", () => {
  it("gives up on an answer slower than the timeout without a retry: Plivo queued exactly one message", async () => {
    fake.script({ delayMs: 600 }, { delayMs: 600 }, { delayMs: 600 });

    const result = await sender().send(MESSAGE);

    expect(result).toMatchObject({ ok: false, reason: "UNKNOWN_OUTCOME" });
    // Let any late retry land before counting.
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(fake.requests).toHaveLength(1);
    expect(fake.messages).toHaveLength(1);
    const failed = logLines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.reason === "UNKNOWN_OUTCOME");
    expect(failed).toEqual([expect.objectContaining({ willRetry: false })]);
  });

  it("does not retry a connection cut after the request was sent", async () => {
    fake.script({ dropConnection: true });

    const result = await sender().send(MESSAGE);

    expect(result).toMatchObject({ ok: false, reason: "UNKNOWN_OUTCOME" });
    expect(fake.requests).toHaveLength(1);
  });

  it("retries a connection refused (nothing reached Plivo), and reports NETWORK_ERROR", async () => {
    const s = sender({ maxRetries: 2 });
    await fake.close();

    await expect(s.send(MESSAGE)).resolves.toMatchObject({ ok: false, reason: "NETWORK_ERROR" });
    const attempts = logLines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.reason === "NETWORK_ERROR");
    expect(attempts.map((a) => a.willRetry)).toEqual([true, true, false]);
  });
});

describe("Plivo's geo-permission refusal", () => {
  it("is DESTINATION_NOT_PERMITTED after one request, logged as such, not AUTH_FAILED", async () => {
    fake.script({ status: 403, body: { api_id: "x", error: "This account is not permitted to send messages to this country" } });

    const result = await sender().send(MESSAGE);

    expect(result).toMatchObject({ ok: false, reason: "DESTINATION_NOT_PERMITTED" });
    expect(fake.requests).toHaveLength(1);
    const lines = logLines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toContainEqual(expect.objectContaining({ reason: "DESTINATION_NOT_PERMITTED", willRetry: false, msg: expect.stringContaining("geo permissions") }));
    expect(lines.some((l) => l.reason === "AUTH_FAILED")).toBe(false);
  });
});
