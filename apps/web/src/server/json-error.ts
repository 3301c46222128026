/** A 4xx in the app's JSON error shape, never cached: `{"error":{"code","message"}}`. */
export function jsonError(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status, headers: { "Cache-Control": "no-store" } });
}
