import { normalizePhone } from "@twostep/core";
import { isTestNumber } from "@twostep/core/test-numbers";
import { getTwoStep } from "@/server/twostep";

export const dynamic = "force-dynamic";

/**
 * The dev outbox as JSON, newest first, so end-to-end tests can read codes. Everything in it while
 * the outbox is the active sender (development, or SMS_PROVIDER=outbox on staging). With a real
 * provider it serves only when test numbers are enabled, and then only messages to test numbers
 * (`?to=` another number is a 404): real people's codes are never readable here.
 */
export async function GET(request: Request) {
  const twostep = await getTwoStep();
  const everything = twostep.sender.provider === "outbox";
  if (!everything && !twostep.config.smsTestNumbers) return new Response("Not found", { status: 404 });
  const toParam = new URL(request.url).searchParams.get("to");
  let to: string | undefined;
  if (toParam !== null) {
    const parsed = normalizePhone(toParam);
    if (!parsed.ok) return Response.json({ error: { code: "INVALID_PHONE" } }, { status: 400 });
    to = parsed.phone.e164;
    if (!everything && !isTestNumber(to)) return new Response("Not found", { status: 404 });
  }
  const messages = (await twostep.smsLog.outbox({ to, limit: 100 })).filter((m) => everything || isTestNumber(m.to));
  return Response.json(
    { messages: messages.map((m) => ({ to: m.to, body: m.body, createdAt: m.createdAt.toISOString() })) },
    { headers: { "Cache-Control": "no-store" } },
  );
}
