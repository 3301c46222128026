/**
 * Request bodies read with a ceiling, before they are read: a declared Content-Length over the
 * limit is refused without reading a byte, and a chunked body (no length) is read only up to the
 * limit and then dropped. `request.text()` or `request.formData()` would first hold the whole
 * body, however large, in memory: one 200 MB request grew the server by about 560 MB.
 */

/** The reference app's largest form or JSON body: an Auth.js sign-in, a sign-up (a few fields). */
export const FORM_BODY_MAX_BYTES = 16 * 1024;

export type CappedBody = { ok: true; bytes: Buffer } | { ok: false; problem: "TOO_LARGE" };

export async function readBodyCapped(request: Request, maxBytes: number): Promise<CappedBody> {
  const declared = request.headers.get("content-length");
  if (declared !== null && !(Number(declared) <= maxBytes)) {
    // Not consumed: the server discards it while answering, with no buffer of ours behind it.
    return { ok: false, problem: "TOO_LARGE" };
  }
  if (!request.body) return { ok: true, bytes: Buffer.alloc(0) };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      return { ok: false, problem: "TOO_LARGE" };
    }
    chunks.push(value);
  }
  return { ok: true, bytes: Buffer.concat(chunks) };
}

/** 413 with the limit, and the connection closed so an oversized upload stops being received. */
export function bodyTooLarge(maxBytes: number): Response {
  return Response.json(
    { error: { code: "BODY_TOO_LARGE", message: `The request body is larger than ${maxBytes} bytes.` } },
    { status: 413, headers: { Connection: "close", "Cache-Control": "no-store" } },
  );
}
