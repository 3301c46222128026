import { normalizePhone } from "@/core/phone/normalize-phone";
import { getTwoStep } from "@/server/twostep";

export const dynamic = "force-dynamic";

/**
 * The dev outbox as JSON, newest first, so end-to-end tests can read codes. It exists only
 * while the outbox is the active sender (development, or SMS_PROVIDER=outbox on staging).
 */
export async function GET(request: Request) {
  const twostep = await getTwoStep();
  if (twostep.sender.provider !== "outbox") return new Response("Not found", { status: 404 });
  const toParam = new URL(request.url).searchParams.get("to");
  let to: string | undefined;
  if (toParam !== null) {
    const parsed = normalizePhone(toParam);
    if (!parsed.ok) return Response.json({ error: { code: "INVALID_PHONE" } }, { status: 400 });
    to = parsed.phone.e164;
  }
  const messages = await twostep.smsLog.outbox({ to, limit: 100 });
  return Response.json(
    { messages: messages.map((m) => ({ to: m.to, body: m.body, createdAt: m.createdAt.toISOString() })) },
    { headers: { "Cache-Control": "no-store" } },
  );
}
