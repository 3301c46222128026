import { normalizePhone } from "@twostep/core";
import { getApp } from "../../../../server/twostep";

export const dynamic = "force-dynamic";

/**
 * The dev outbox as JSON, newest first, in the shape `latestCode` of @twostep/core/testing reads.
 * This example only ever sends to the outbox; an app with a real SMS provider must not serve this.
 */
export async function GET(request: Request) {
  const { twostep } = await getApp();
  const toParam = new URL(request.url).searchParams.get("to");
  const parsed = toParam === null ? null : normalizePhone(toParam);
  if (parsed && !parsed.ok) return Response.json({ error: { code: "INVALID_PHONE" } }, { status: 400 });
  const messages = await twostep.smsLog.outbox({ to: parsed?.phone.e164, limit: 50 });
  return Response.json(
    { messages: messages.map((m) => ({ to: m.to, body: m.body, createdAt: m.createdAt.toISOString() })) },
    { headers: { "Cache-Control": "no-store" } },
  );
}
