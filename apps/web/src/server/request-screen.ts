import { FORM_BODY_MAX_BYTES, bodyTooLarge, readBodyCapped } from "./body-limit";
import { jsonError } from "./json-error";
import { parsesAsJson } from "./read-json";

/**
 * Requests Next.js 16 itself would answer with a 500, refused first with a 4xx that says what is
 * wrong (the proxy runs this; its matcher in src/proxy.ts sends only these kinds of request here):
 * - a server action posted by hand (a script, a scanner: no browser marked it same-origin) with a
 *   foreign, "null" or unparseable Origin (Next aborts its CSRF check with a 500), a body that is
 *   not the form data or text React sends, or one that does not parse (vercel/next.js#86945);
 * - a form post to a page that names no server action (vercel/next.js#95447) or does not parse;
 * - an /api/auth/… address whose %-escapes don't decode (Next fails to decode the catch-all's
 *   parameters before Auth.js sees the request).
 * Bodies read here are capped at the app's largest form (FORM_BODY_MAX_BYTES); next.config.ts caps
 * the copy Next makes for the proxy just above it. Next answers for the proxy only once the whole
 * body has arrived (it reads, and drops, the rest), so a 413 from here is not an early one.
 *
 * What it can't catch, and Next still answers with a 500: a hand-made action request that claims
 * `Sec-Fetch-Site: same-origin` (what a browser sends from our own pages, and those actions skip
 * the proxy so the code check is not slowed), and a reply that parses but whose internal
 * references React can't resolve (checking those would mean copying React's reply format).
 */
export async function screenRequest(request: Request): Promise<Response | null> {
  const url = new URL(request.url);
  if (!decodes(url.pathname)) return refuse(400, "INVALID_INPUT", "The address is not valid.");
  if (request.headers.has("next-action")) return screenFetchAction(request);
  if (request.method === "POST" && isMultipart(request.headers.get("content-type"))) return screenFormAction(request);
  return null;
}

/** A server action called by script (`Next-Action` header), as Next's own checks would see it. */
async function screenFetchAction(request: Request): Promise<Response | null> {
  const site = request.headers.get("sec-fetch-site");
  if (site !== null && site !== "same-origin") return refuse(403, "CROSS_SITE_REQUEST", "Send this form from its own page.");
  // No Origin at all: Next lets it through (a script's request carries no one's cookies by accident).
  const origin = request.headers.get("origin");
  if (origin !== null) {
    const host = originHost(origin);
    if (host === null || host !== expectedHost(request.headers)) return refuse(403, "CROSS_SITE_REQUEST", "Send this form from its own page.");
  }
  const type = request.headers.get("content-type");
  if (isMultipart(type)) return multipartReply(request);
  if (isPlainText(type)) {
    const body = await readBodyCapped(request, FORM_BODY_MAX_BYTES);
    if (!body.ok) return bodyTooLarge(FORM_BODY_MAX_BYTES);
    return parsesAsJson(strictUtf8(body.bytes)) ? null : malformedForm();
  }
  return refuse(415, "INVALID_INPUT", "Send the form as the page does (multipart/form-data).");
}

/** A form posted without JavaScript: React names the action in a `$ACTION_…` field. */
async function screenFormAction(request: Request): Promise<Response | null> {
  const form = await readForm(request);
  if (form instanceof Response) return form;
  return [...form.keys()].some((name) => name.startsWith("$ACTION_")) ? null : malformedForm();
}

/** A fetch action's form data: React's reply keeps its root value, JSON, in the field "0". */
async function multipartReply(request: Request): Promise<Response | null> {
  const form = await readForm(request);
  if (form instanceof Response) return form;
  const root = form.get("0");
  return typeof root === "string" && parsesAsJson(root) ? null : malformedForm();
}

async function readForm(request: Request): Promise<FormData | Response> {
  const body = await readBodyCapped(request, FORM_BODY_MAX_BYTES);
  if (!body.ok) return bodyTooLarge(FORM_BODY_MAX_BYTES);
  try {
    return await new Response(new Uint8Array(body.bytes), { headers: { "content-type": request.headers.get("content-type") ?? "" } }).formData();
  } catch {
    return malformedForm();
  }
}

/** As Next compares them: the Origin's host against X-Forwarded-Host's first value, else Host. */
function originHost(origin: string): string | null {
  if (origin === "null") return null;
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

function expectedHost(headers: Headers): string | null {
  return headers.get("x-forwarded-host")?.split(",")[0]?.trim() || headers.get("host");
}

/** The shapes React's client sends: FormData (with its boundary), or a string. */
function isMultipart(type: string | null): boolean {
  return type !== null && /^multipart\/form-data;\s*boundary=\S/i.test(type);
}

function isPlainText(type: string | null): boolean {
  return type !== null && /^text\/plain(;|$)/i.test(type);
}

/** The body as text, or null when it is not well-formed UTF-8. */
function strictUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

function decodes(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

function malformedForm(): Response {
  return refuse(400, "INVALID_INPUT", "The form could not be read. Reload the page and send it again.");
}

/** The screen's answers, as the app's other JSON errors spell them (body-limit.ts has BODY_TOO_LARGE). */
type ScreenCode = "INVALID_INPUT" | "CROSS_SITE_REQUEST";

function refuse(status: number, code: ScreenCode, message: string): Response {
  return jsonError(status, code, message);
}
