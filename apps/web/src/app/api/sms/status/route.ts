import { MAX_CALLBACK_BODY_BYTES } from "@twostep/core/plivo";
import { bodyTooLarge } from "@/server/body-limit";
import { readTextCapped } from "@/server/read-text";
import { getTwoStep } from "@/server/twostep";

export const dynamic = "force-dynamic";

/**
 * Plivo's delivery reports (core/sms/status-callback.ts does the work). 403 unsigned or wrongly
 * signed; 400 malformed; 200 for everything signed and well formed, including replays and ids we
 * don't know (a prober learns nothing); 404 when Plivo is not the provider.
 */
export async function POST(request: Request) {
  const twostep = await getTwoStep();
  if (!twostep.statusCallbacks) return new Response("Not found", { status: 404 });
  const declared = request.headers.get("content-length");
  if (declared !== null && !(Number(declared) <= MAX_CALLBACK_BODY_BYTES)) return bodyTooLarge(MAX_CALLBACK_BODY_BYTES);
  let tooLarge = false;
  const outcome = await twostep.statusCallbacks({
    signature: request.headers.get("x-plivo-signature-v2"),
    nonce: request.headers.get("x-plivo-signature-v2-nonce"),
    contentType: request.headers.get("content-type"),
    readBody: async () => {
      const text = await readTextCapped(request, MAX_CALLBACK_BODY_BYTES);
      tooLarge = text === null;
      return text;
    },
  });
  if (tooLarge) return bodyTooLarge(MAX_CALLBACK_BODY_BYTES);
  if (outcome.ok) return new Response(null, { status: 200 });
  const status = outcome.problem === "BAD_SIGNATURE" ? 403 : outcome.problem === "MALFORMED" ? 400 : 503;
  return new Response(null, { status });
}
