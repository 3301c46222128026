import { NextRequest } from "next/server";
import { bodyTooLarge, FORM_BODY_MAX_BYTES, readBodyCapped } from "./body-limit";
import { GET, POST as authPost } from "./auth/route-handlers";

/**
 * Auth.js's route handlers with a body ceiling: Auth.js reads a POST whole (`request.formData()`)
 * before it looks at it. The body is read here, up to the limit, and handed on in a new request.
 */
async function POST(request: NextRequest): Promise<Response> {
  const body = await readBodyCapped(request, FORM_BODY_MAX_BYTES);
  if (!body.ok) return bodyTooLarge(FORM_BODY_MAX_BYTES);
  return authPost(new NextRequest(request.url, { method: request.method, headers: request.headers, body: new Uint8Array(body.bytes) }));
}

export { GET, POST };
