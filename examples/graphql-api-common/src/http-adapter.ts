import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "@twostep/core";
import { MAX_REQUEST_BODY_BYTES } from "@twostep/graphql";

/**
 * What each request carries beside the event: it is the handler's second (Lambda context)
 * argument, which Redwood and Cedar hand resolvers as `context.requestContext`. Resolvers push
 * cookies here because the handler's Lambda-style answer keeps only one Set-Cookie header of those
 * a yoga plugin sets, and sign-in needs two.
 */
export type RequestScope = { setCookies: string[]; clientIp: string | null };

type LambdaResult = { statusCode: number; headers?: Record<string, string>; body?: string; isBase64Encoded?: boolean };
export type LambdaHandler = (event: unknown, scope: RequestScope) => Promise<LambdaResult>;

/**
 * The most body the adapter reads into memory: twice @twostep/graphql's own limit, which the
 * handler still applies (its 413 names the limit). Beyond this the adapter stops reading and
 * answers 413 itself, rather than buffering whatever a client sends.
 */
const MAX_BUFFERED_BODY_BYTES = 2 * MAX_REQUEST_BODY_BYTES;

/** A request the adapter answers itself, before the handler: the status and a GraphQL-shaped error. */
class Refusal extends Error {
  constructor(
    readonly statusCode: 400 | 413,
    readonly code: "BAD_REQUEST" | "PAYLOAD_TOO_LARGE",
  ) {
    super(code);
  }
}

/** The client went away before its body was read: nothing to answer, nothing to log. */
class ClientGone extends Error {}

/**
 * The body, or a 413 Refusal as soon as it passes MAX_BUFFERED_BODY_BYTES (declared or sent).
 * Events rather than `for await`: leaving that loop early destroys the socket, and the 413 with it.
 */
function readBody(req: IncomingMessage): Promise<Buffer | null> {
  if (Number(req.headers["content-length"] ?? 0) > MAX_BUFFERED_BODY_BYTES) return Promise.reject(new Refusal(413, "PAYLOAD_TOO_LARGE"));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BUFFERED_BODY_BYTES) return void chunks.push(chunk);
      req.off("data", onData);
      req.pause();
      reject(new Refusal(413, "PAYLOAD_TOO_LARGE"));
    };
    req.on("data", onData);
    req.once("end", () => resolve(chunks.length > 0 ? Buffer.concat(chunks) : null));
    req.once("error", () => reject(new ClientGone()));
  });
}

/** A request target URL can't parse (`http://[`, which node:http lets through) is a 400. */
function parseTarget(target: string | undefined): URL {
  try {
    return new URL(target ?? "/", "http://localhost");
  } catch {
    throw new Refusal(400, "BAD_REQUEST");
  }
}

/** Serves a Lambda-style handler (what createGraphQLHandler returns) on node:http. */
async function serve(handler: LambdaHandler, req: IncomingMessage, res: ServerResponse) {
  const url = parseTarget(req.url);
  const body = await readBody(req);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  // This app authenticates by cookie only. The frameworks' header path (an auth-provider header)
  // fails the whole request when Authorization is missing (a 500 on Redwood), so those headers
  // never reach it.
  delete headers["auth-provider"];
  delete headers.authorization;
  const event = {
    httpMethod: req.method ?? "GET",
    path: url.pathname,
    headers,
    queryStringParameters: Object.fromEntries(url.searchParams),
    body: body ? body.toString("base64") : null,
    isBase64Encoded: true,
  };
  const scope: RequestScope = { setCookies: [], clientIp: req.socket.remoteAddress ?? null };
  const result = await handler(event, scope);
  const responseHeaders: Record<string, string | string[]> = { ...result.headers };
  if (scope.setCookies.length > 0) responseHeaders["set-cookie"] = scope.setCookies;
  res.writeHead(result.statusCode, responseHeaders);
  res.end(result.body === undefined ? undefined : Buffer.from(result.body, result.isBase64Encoded ? "base64" : "utf8"));
}

/**
 * node:http's listener: whatever `serve` throws becomes an answer (400 or 413 for a refusal, 500
 * for anything else, logged), never an unhandled rejection, which would end the process.
 */
function lambdaListener(handler: LambdaHandler, logger: Logger) {
  return (req: IncomingMessage, res: ServerResponse) => {
    serve(handler, req, res).catch((error: unknown) => {
      if (error instanceof ClientGone) return void res.destroy();
      const refusal = error instanceof Refusal ? error : null;
      if (!refusal) logger.error({ err: error }, "http adapter: the request failed");
      if (res.headersSent) return void res.destroy();
      // Close the connection: a refused body's unread rest must not be parsed as the next request.
      res.writeHead(refusal?.statusCode ?? 500, { "content-type": "application/json", connection: "close" });
      res.end(JSON.stringify({ errors: [{ message: refusal ? "The request was refused." : "Something went wrong.", extensions: { code: refusal?.code ?? "INTERNAL_SERVER_ERROR" } }] }));
    });
  };
}

/** Listens on `host:port` (0 picks a free port); `url` is the GraphQL endpoint. */
export async function listenLambda(handler: LambdaHandler, options: { port: number; host?: string; logger: Logger }) {
  const host = options.host ?? "127.0.0.1";
  const server: Server = createServer(lambdaListener(handler, options.logger));
  await new Promise<void>((resolve) => server.listen(options.port, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}/graphql`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
