import type { GraphQLError } from "graphql";
import type { GraphQLParams, Plugin } from "graphql-yoga";
import { GraphQLErrorCode, requestError } from "./errors";
import { isGraphQLError } from "./is-graphql-error";

/**
 * The header every GraphQL request must carry (any non-empty value; send "1"). A cross-site HTML
 * form can't set headers, and a cross-site fetch that sets one must pass a CORS preflight, which
 * this server never approves (yoga's CORS is switched off in ./create-yoga.ts).
 */
export const CSRF_HEADER = "x-twostep-csrf";

/**
 * The HTTP gate in front of GraphQL, run before the session is even read:
 * - POST only (dev GraphiQL's GET page is answered earlier by yoga);
 * - `Content-Type: application/json`: form encodings and text/plain, the bodies a cross-site page
 *   can send without a preflight, are refused, as are yoga's multipart and GraphQL-string bodies;
 * - the CSRF header above, and no `Sec-Fetch-Site: cross-site` (a browser's own word for it);
 * - one JSON object with a `query` string: an array (a batch) or any other shape is a 400.
 * Each refusal is a 4xx with a GraphQL-shaped body, so a bad request never reaches a resolver.
 * A document that fails to parse or validate, or variables that don't fit, answer 400 too, whatever
 * the Accept header (yoga would say 200 to `application/json` clients, as the GraphQL-over-HTTP
 * spec allows for old clients); errors raised while resolving fields still come with 200.
 */
export function requestGuardPlugin(): Plugin {
  return {
    onRequestParse({ request, setRequestParser, endResponse, fetchAPI }) {
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
  let text: string;
  try {
    text = await request.text();
  } catch (error) {
    // Yoga's body-size limit errors the stream with its own 413.
    if (isGraphQLError(error)) throw error;
    throw badRequest("The request body could not be read.");
  }
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

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function badRequest(message: string): GraphQLError {
  return requestError(GraphQLErrorCode.BAD_REQUEST, message, 400);
}
