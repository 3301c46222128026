import type { GraphQLError } from "graphql";
import type { GraphQLParams, Plugin } from "graphql-yoga";
import { GraphQLErrorCode, requestError } from "./errors.js";
import { isGraphQLError } from "./is-graphql-error.js";
import { MAX_REQUEST_BODY_BYTES } from "./limits.js";

/**
 * The header every GraphQL request must carry (any non-empty value; send "1"). A cross-site HTML
 * form can't set headers, and a cross-site fetch that sets one must pass a CORS preflight, which
 * this server never approves (yoga's CORS is switched off in ./create-yoga.ts; a host that plugs
 * twoStepPlugins into its own server must not approve cross-site origins either).
 */
export const CSRF_HEADER = "x-twostep-csrf";

/**
 * The HTTP gate in front of GraphQL, run before the session is even read:
 * - POST only (dev GraphiQL's GET page is answered earlier by yoga);
 * - `Content-Type: application/json`: form encodings and text/plain, the bodies a cross-site page
 *   can send without a preflight, are refused, as are yoga's multipart and GraphQL-string bodies;
 * - the CSRF header above, and no `Sec-Fetch-Site: cross-site` (a browser's own word for it);
 * - one JSON object with a `query` string, at most MAX_REQUEST_BODY_BYTES: an array (a batch) or
 *   any other shape is a 400, a bigger body a 413.
 * Each refusal is a 4xx with a GraphQL-shaped body, so a bad request never reaches a resolver.
 * A document that fails to parse or validate, or variables that don't fit, answer 400 too, whatever
 * the Accept header (yoga would say 200 to `application/json` clients, as the GraphQL-over-HTTP
 * spec allows for old clients); errors raised while resolving fields still come with 200.
 *
 * The header checks run in `onRequest`, whose payload has `endResponse` and `fetchAPI` in every
 * yoga 5 release we serve (5.7, which RedwoodJS 8 pins, to the latest); `onRequestParse` lacks
 * them in 5.7, where a refusal written there turned into a 500.
 */
export function requestGuardPlugin(): Plugin {
  return {
    onRequest({ request, endResponse, fetchAPI }) {
      const refuse = (status: number, code: GraphQLErrorCode, message: string, headers: Record<string, string> = {}) =>
        // A plain JSON answer, whatever the Accept header asked for (a browser GET wants HTML).
        endResponse(
          new fetchAPI.Response(JSON.stringify({ errors: [{ message, extensions: { code } }] }), {
            status,
            headers: { "content-type": "application/json; charset=utf-8", ...headers },
          }),
        );
      if (request.method !== "POST") {
        return refuse(405, GraphQLErrorCode.BAD_REQUEST, "Send GraphQL requests with POST.", { Allow: "POST" });
      }
      if (request.headers.get("sec-fetch-site") === "cross-site") {
        return refuse(403, GraphQLErrorCode.CSRF_REJECTED, "Cross-site requests are not accepted.");
      }
      const mediaType = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
      if (mediaType !== "application/json") {
        return refuse(415, GraphQLErrorCode.CSRF_REJECTED, "Send a JSON body with Content-Type: application/json.");
      }
      if (!request.headers.get(CSRF_HEADER)?.trim()) {
        return refuse(403, GraphQLErrorCode.CSRF_REJECTED, `Send the ${CSRF_HEADER} header (any value, such as 1).`);
      }
    },
    onRequestParse({ setRequestParser }) {
      setRequestParser(parseOneJsonOperation);
    },
    onExecutionResult({ result }) {
      // No `data` at all means the operation never started: the request itself was wrong.
      if (Array.isArray(result) || !isObject(result) || "data" in result || !Array.isArray(result.errors)) return;
      for (const error of result.errors) {
        if (isGraphQLError(error) && !error.extensions.unexpected) {
          const http = (error.extensions.http ?? {}) as { status?: number };
          error.extensions.http = { ...http, status: http.status ?? 400, spec: false };
          // graphql's own variable errors carry no code; every error a client sees has one.
          error.extensions.code ??= GraphQLErrorCode.BAD_REQUEST;
        }
      }
    },
  };
}

async function parseOneJsonOperation(request: Request): Promise<GraphQLParams> {
  const text = await readBodyWithin(request, MAX_REQUEST_BODY_BYTES);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw badRequest("The body is not valid JSON.");
  }
  if (Array.isArray(body)) throw badRequest("Batching is not supported: send one operation per request.");
  if (!isObject(body)) throw badRequest("The body must be a JSON object.");
  const { query, variables, operationName } = body;
  if (typeof query !== "string" || query.trim() === "") throw badRequest('The body needs a "query" string.');
  if (variables != null && !isObject(variables)) throw badRequest('"variables" must be an object.');
  if (operationName != null && typeof operationName !== "string") throw badRequest('"operationName" must be a string.');
  // `extensions` (persisted queries and the like) is not supported and is dropped.
  return { query, variables: variables ?? undefined, operationName: operationName ?? undefined };
}

/**
 * The body as text, refused past `maxBytes` without reading the rest: yoga's own
 * maxRequestBodySize came after 5.7, so a host on an older yoga (RedwoodJS 8) relies on this one.
 */
async function readBodyWithin(request: Request, maxBytes: number): Promise<string> {
  const tooLarge = () => requestError(GraphQLErrorCode.REQUEST_ENTITY_TOO_LARGE, `The request body is over ${maxBytes} bytes.`, 413);
  if (Number(request.headers.get("content-length")) > maxBytes) throw tooLarge();
  if (!request.body) return "";
  const reader = request.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        void reader.cancel().catch(() => undefined);
        throw tooLarge();
      }
      text += decoder.decode(value, { stream: true });
    }
  } catch (error) {
    // Ours above, or yoga's body-size limit, which errors the stream with its own 413.
    if (isGraphQLError(error)) throw error;
    throw badRequest("The request body could not be read.");
  }
  return text + decoder.decode();
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function badRequest(message: string): GraphQLError {
  return requestError(GraphQLErrorCode.BAD_REQUEST, message, 400);
}
