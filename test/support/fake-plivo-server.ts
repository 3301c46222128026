/**
 * A Plivo look-alike on loopback, so the real SDK runs end to end in tests and dev: it speaks the
 * Message API (Basic auth, JSON in, 202 out), can be scripted to fail the ways Plivo does, and can
 * sign delivery callbacks the way Plivo signs them (V2).
 */
import { createHmac, randomInt, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type FakePlivoReply =
  /** 403 to POST /Message/ is Plivo's geo-permission refusal (the SDK's GeoPermissionError). */
  | { status: 400 | 401 | 403 | 429 | 500 | 503; body?: unknown }
  /** Accepts (and records) the message, but answers only after this long: the client may give up. */
  | { delayMs: number }
  /** Closes the socket without an answer; the message is not recorded. */
  | { dropConnection: true };

export type ReceivedMessage = { src: string; dst: string; text: string; url?: string; method?: string; receivedAt: Date };

export type FakePlivo = {
  /** Pass as apiUrl; the SDK's account base is `${url}/v1/Account/${authId}`. */
  url: string;
  /** Messages the fake accepted (202, or accepted before a delayed reply). */
  messages: ReceivedMessage[];
  /** Every request that reached the Message endpoint, accepted or not: counts attempts. */
  requests: Array<{ authorized: boolean; receivedAt: Date }>;
  /** Status callbacks sent by autoCallbacks, with the HTTP status our app answered (0 if it failed). */
  callbacks: Array<{ messageUuid: string; status: string; httpStatus: number }>;
  /** Queues replies for the next authorized requests, in order; afterwards requests succeed. */
  script(...replies: FakePlivoReply[]): void;
  lastMessageTo(dst: string): ReceivedMessage | undefined;
  close(): Promise<void>;
};

export type StatusCallbackParams = { MessageUUID: string; Status: string; ErrorCode?: string; To: string; From: string };

/**
 * POSTs a form-encoded delivery report signed like Plivo's V2 scheme:
 * base64(HMAC-SHA256(authToken, url without query + nonce)), as the SDK's validateSignature checks.
 */
export async function sendStatusCallback(input: {
  callbackUrl: string;
  authToken: string;
  params: StatusCallbackParams;
  nonce?: string;
}): Promise<{ status: number }> {
  const nonce = input.nonce ?? String(randomInt(1e9, 1e10)) + String(randomInt(1e9, 1e10));
  const { origin, pathname } = new URL(input.callbackUrl);
  const signature = createHmac("sha256", input.authToken).update(origin + pathname + nonce).digest("base64");
  const body = new URLSearchParams(Object.entries(input.params).filter((e): e is [string, string] => e[1] !== undefined));
  const response = await fetch(input.callbackUrl, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-plivo-signature-v2": signature,
      "x-plivo-signature-v2-nonce": nonce,
    },
    body,
  });
  await response.arrayBuffer();
  return { status: response.status };
}

export async function startFakePlivo(options: { authId: string; authToken: string; autoCallbacks?: boolean }): Promise<FakePlivo> {
  const queue: FakePlivoReply[] = [];
  const fake: Omit<FakePlivo, "url" | "close"> = {
    messages: [],
    requests: [],
    callbacks: [],
    script: (...replies) => void queue.push(...replies),
    lastMessageTo: (dst) => fake.messages.findLast((m) => m.dst === dst),
  };
  const expectedAuth = "Basic " + Buffer.from(`${options.authId}:${options.authToken}`).toString("base64");
  const messagePath = `/v1/Account/${options.authId}/Message/`;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    if (req.method !== "POST" || req.url !== messagePath) return reply(res, 404, { error: "not found" });
    const authorized = req.headers.authorization === expectedAuth;
    fake.requests.push({ authorized, receivedAt: new Date() });
    // Plivo checks credentials before anything else, so a scripted reply is not spent here.
    if (!authorized) return reply(res, 401, { error: "Authentication credentials invalid" });

    const next = queue.shift();
    if (next && "dropConnection" in next) return void req.socket.destroy();
    if (next && "status" in next) return reply(res, next.status, next.body ?? { error: `scripted ${next.status}` });

    const parsed = parseJson(raw);
    const { src, dst, text, url, method } = parsed ?? {};
    if (typeof src !== "string" || typeof dst !== "string" || typeof text !== "string") {
      return reply(res, 400, { error: "src, dst and text are required" });
    }
    const message: ReceivedMessage = { src, dst, text, receivedAt: new Date() };
    if (typeof url === "string") message.url = url;
    if (typeof method === "string") message.method = method;
    fake.messages.push(message);
    const uuid = randomUUID();
    // Plivo has queued the message even if its answer is slow: a retry after a timeout double-sends.
    if (next && "delayMs" in next) await new Promise((r) => setTimeout(r, next.delayMs));
    if (!res.destroyed) reply(res, 202, { message: "message(s) queued", message_uuid: [uuid] });
    if (options.autoCallbacks && message.url) void deliverCallbacks(message, uuid);
  }

  async function deliverCallbacks(message: ReceivedMessage, uuid: string): Promise<void> {
    for (const status of ["queued", "delivered"]) {
      const params = { MessageUUID: uuid, Status: status, To: message.dst, From: message.src };
      const result = await sendStatusCallback({ callbackUrl: message.url!, authToken: options.authToken, params }).catch(
        () => ({ status: 0 }),
      );
      fake.callbacks.push({ messageUuid: uuid, status, httpStatus: result.status });
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => reply(res, 500, { error: "fake server failure" }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    ...fake,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        // The SDK's agent keeps sockets alive; without this, close() waits for them to idle out.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Objects go out as Plivo-style JSON with an api_id; strings go out raw (e.g. a proxy's HTML page). */
function reply(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  if (typeof body === "string") return void res.writeHead(status, { "content-type": "text/html" }).end(body);
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify({ api_id: randomUUID(), ...(body as object) }));
}

function parseJson(raw: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
