import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * What each request carries beside the event: it is the handler's second (Lambda context)
 * argument, which Redwood and Cedar hand resolvers as `context.requestContext`. Resolvers push
 * cookies here because the handler's Lambda-style answer keeps only one Set-Cookie header of those
 * a yoga plugin sets, and sign-in needs two.
 */
export type RequestScope = { setCookies: string[]; clientIp: string | null };

type LambdaResult = { statusCode: number; headers?: Record<string, string>; body?: string; isBase64Encoded?: boolean };
export type LambdaHandler = (event: unknown, scope: RequestScope) => Promise<LambdaResult>;

/** Serves a Lambda-style handler (what createGraphQLHandler returns) on node:http. */
function lambdaListener(handler: LambdaHandler) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? "/", "http://localhost");
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
      body: chunks.length > 0 ? Buffer.concat(chunks).toString("base64") : null,
      isBase64Encoded: true,
    };
    const scope: RequestScope = { setCookies: [], clientIp: req.socket.remoteAddress ?? null };
    const result = await handler(event, scope);
    const responseHeaders: Record<string, string | string[]> = { ...result.headers };
    if (scope.setCookies.length > 0) responseHeaders["set-cookie"] = scope.setCookies;
    res.writeHead(result.statusCode, responseHeaders);
    res.end(result.body === undefined ? undefined : Buffer.from(result.body, result.isBase64Encoded ? "base64" : "utf8"));
  };
}

/** Listens on `host:port` (0 picks a free port); `url` is the GraphQL endpoint. */
export async function listenLambda(handler: LambdaHandler, options: { port: number; host?: string }) {
  const host = options.host ?? "127.0.0.1";
  const server: Server = createServer(lambdaListener(handler));
  await new Promise<void>((resolve) => server.listen(options.port, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}/graphql`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
