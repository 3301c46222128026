import { NextRequest } from "next/server";
import { bodyTooLarge, FORM_BODY_MAX_BYTES, readBodyCapped } from "./body-limit";
import { jsonError } from "./json-error";
import { parsesAsJson } from "./read-json";
import { callbackUrlRefusal, formCallbackUrlRefusal, withoutBadCallbackCookie } from "./auth/auth-callback-url";
import { GET as authGet, POST as authPost } from "./auth/route-handlers";

/**
 * Auth.js's route handlers, with what Auth.js itself would answer with a 500 or log as a server
 * error handled first (a callbackUrl it can't parse: auth/auth-callback-url.ts; a JSON body that
 * doesn't parse; a GET of the credentials callback), and a body ceiling: Auth.js reads a POST
 * whole (`request.formData()`) before it looks at it. The body is read here, up to the limit, and
 * handed on in a new request.
 */
async function GET(request: NextRequest): Promise<Response> {
  // Credentials are only ever posted; Auth.js takes a GET here for a broken provider setup (error logged).
  if (request.nextUrl.pathname.endsWith("/callback/credentials")) return new Response(null, { status: 405, headers: { Allow: "POST" } });
  const refused = callbackUrlRefusal(request);
  if (refused) return refused;
  const headers = withoutBadCallbackCookie(request);
  return authGet(headers === request.headers ? request : new NextRequest(request.url, { method: request.method, headers }));
}

async function POST(request: NextRequest): Promise<Response> {
  const refused = callbackUrlRefusal(request);
  if (refused) return refused;
  const body = await readBodyCapped(request, FORM_BODY_MAX_BYTES);
  if (!body.ok) return bodyTooLarge(FORM_BODY_MAX_BYTES);
  const refusedForm = formCallbackUrlRefusal(request, body.bytes) ?? unreadableJson(request, body.bytes);
  if (refusedForm) return refusedForm;
  return authPost(new NextRequest(request.url, { method: request.method, headers: withoutBadCallbackCookie(request), body: new Uint8Array(body.bytes) }));
}

/** A JSON body (a session update) that doesn't parse: Auth.js would log its SyntaxError as a server error. */
function unreadableJson(request: NextRequest, bytes: Buffer): Response | null {
  if (!/^application\/json\b/i.test(request.headers.get("content-type") ?? "")) return null;
  return parsesAsJson(bytes.toString("utf8")) ? null : jsonError(400, "INVALID_INPUT", "Send a JSON body.");
}

export { GET, POST };
