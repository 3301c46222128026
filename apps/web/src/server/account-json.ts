import { describeFailure, type ErrorCode } from "@twostep/core";
import { bodyTooLarge, FORM_BODY_MAX_BYTES } from "./body-limit";
import { readJsonObject } from "./read-json";

/**
 * The JSON account routes (sign-up and its link): the request's object, or the answer that
 * refuses it (413 over the form limit, 400 for anything that is not a JSON object).
 */
export async function accountJsonBody(request: Request): Promise<{ ok: true; value: Record<string, unknown> } | { ok: false; response: Response }> {
  const body = await readJsonObject(request, FORM_BODY_MAX_BYTES);
  if (body.ok) return body;
  if (body.problem === "TOO_LARGE") return { ok: false, response: bodyTooLarge(FORM_BODY_MAX_BYTES) };
  return { ok: false, response: Response.json({ error: { code: "INVALID_INPUT", message: "Send a JSON object." } }, { status: 400 }) };
}

/** A refused account request in the core's words, with the status its code calls for. */
export function accountFailure(failure: { code: ErrorCode; retryAfterSeconds?: number; field?: string }): Response {
  const status =
    failure.code === "RATE_LIMITED" ? 429
    : failure.code === "UNAVAILABLE" ? 503
    : failure.code === "INVALID_CREDENTIALS" ? 401
    : 400;
  return Response.json({ error: { code: failure.code, message: describeFailure(failure) } }, { status });
}
