import { FORM_BODY_MAX_BYTES, readBodyCapped } from "./body-limit";

export type JsonObjectBody =
  | { ok: true; value: Record<string, unknown> }
  /** TOO_LARGE: over the limit (not read past it); INVALID: not JSON, not an object, wrong type. */
  | { ok: false; problem: "TOO_LARGE" | "INVALID" };

/** A JSON object body of at most `maxBytes`, read no further than that. */
export async function readJsonObject(request: Request, maxBytes = FORM_BODY_MAX_BYTES): Promise<JsonObjectBody> {
  if (!request.headers.get("content-type")?.toLowerCase().startsWith("application/json")) return { ok: false, problem: "INVALID" };
  const body = await readBodyCapped(request, maxBytes);
  if (!body.ok) return { ok: false, problem: "TOO_LARGE" };
  try {
    const value: unknown = JSON.parse(Buffer.from(body.bytes).toString("utf8"));
    return value && typeof value === "object" && !Array.isArray(value) ? { ok: true, value: value as Record<string, unknown> } : { ok: false, problem: "INVALID" };
  } catch {
    return { ok: false, problem: "INVALID" };
  }
}

/** Whether `text` holds one JSON value (null, for text that could not be decoded, does not). */
export function parsesAsJson(text: string | null): boolean {
  if (text === null) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
