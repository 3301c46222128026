import { readBodyCapped } from "./body-limit";

/**
 * The body as text, or null when it is longer than `maxBytes`: stops reading there, so a large
 * body costs no more memory than the limit.
 */
export async function readTextCapped(request: Request, maxBytes: number): Promise<string | null> {
  const body = await readBodyCapped(request, maxBytes);
  return body.ok ? Buffer.from(body.bytes).toString("utf8") : null;
}
