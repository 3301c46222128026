import type { NextRequest } from "next/server";
import { jsonError } from "../json-error";

/**
 * Auth.js checks a `callbackUrl` query parameter and its callback-url cookie before anything else,
 * and answers one it can't parse as a URL (`?callbackUrl=%ZZ`, `?callbackUrl=2`) with a 500 ("a
 * problem with the server configuration") and an error in the log, on every route under
 * /api/auth. Its rule, copied (@auth/core lib/utils/assert.js): a path on this origin, or an
 * http(s) address. This app never hands Auth.js a callbackUrl (sign-in ends where the password
 * step's own cookie says: after-sign-in-cookie.ts), so nothing it needs is lost:
 * - a bad query parameter is the request's own mistake: a 400 that says so;
 * - a bad cookie is the browser's state, which a 400 would repeat on every sign-in: it is dropped
 *   from the request, and Auth.js uses its default.
 */
const CALLBACK_COOKIES = ["authjs.callback-url", "__Secure-authjs.callback-url"];

export function callbackUrlRefusal(request: NextRequest): Response | null {
  return refusalFor(request.nextUrl.searchParams, request.nextUrl.origin);
}

/**
 * The same for a POST's form body, whose callbackUrl Auth.js's sign-in and sign-out take as their
 * destination: one it can't parse ends in a redirect to "?error=Configuration" and an error logged.
 */
export function formCallbackUrlRefusal(request: NextRequest, body: Buffer): Response | null {
  if (!/^application\/x-www-form-urlencoded\b/i.test(request.headers.get("content-type") ?? "")) return null;
  return refusalFor(new URLSearchParams(body.toString("utf8")), request.nextUrl.origin);
}

function refusalFor(params: URLSearchParams, origin: string): Response | null {
  // Auth.js reads the query as Object.fromEntries: the last value of a repeated name counts.
  const last = params.getAll("callbackUrl").at(-1);
  if (!last || isHttpUrl(last, origin)) return null;
  return jsonError(400, "INVALID_INPUT", "callbackUrl must be a path on this site or an http(s) address.");
}

/** The request's headers without a callback-url cookie Auth.js would refuse (the same object when there is none). */
export function withoutBadCallbackCookie(request: NextRequest): Headers {
  const header = request.headers.get("cookie");
  if (header === null) return request.headers;
  // Read as Auth.js reads them (its vendored `cookie` parse: a value that doesn't %-decode stays as sent),
  // and the others go on byte for byte, as the browser sent them.
  const pairs = header.split(";");
  const kept = pairs.filter((pair) => {
    const eq = pair.indexOf("=");
    if (eq < 0 || !CALLBACK_COOKIES.includes(pair.slice(0, eq).trim())) return true;
    const value = pair.slice(eq + 1).trim();
    return value === "" || isHttpUrl(percentDecoded(value), request.nextUrl.origin);
  });
  if (kept.length === pairs.length) return request.headers;
  const headers = new Headers(request.headers);
  headers.set("cookie", kept.join(";"));
  return headers;
}

function percentDecoded(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function isHttpUrl(value: string, origin: string): boolean {
  try {
    return /^https?:/.test(new URL(value, value.startsWith("/") ? origin : undefined).protocol);
  } catch {
    return false;
  }
}
