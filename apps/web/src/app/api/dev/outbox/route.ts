import { normalizePhone, withinStoreDeadline } from "@twostep/core";
import { isTestNumber } from "@twostep/core/test-numbers";
import { cookieFrom, mayReadOutbox } from "@/server/outbox-reader";
import { getTwoStep } from "@/server/twostep";

export const dynamic = "force-dynamic";

const NO_STORE = { "Cache-Control": "no-store" };

/**
 * The dev outbox as JSON, newest first, so end-to-end tests can read codes. Everything in it while
 * the outbox is the active sender (development, or a staging deployment that opted in). With a
 * real provider it serves only when test numbers are enabled, and then only messages to test
 * numbers (`?to=` another number is a 404): real people's codes are never readable here. Where a
 * token is configured (always in production) a request without it is a 404, as if nothing were here.
 */
export async function GET(request: Request) {
  const twostep = await getTwoStep();
  const everything = twostep.sender.provider === "outbox";
  if (!everything && !twostep.config.smsTestNumbers) return new Response("Not found", { status: 404 });
  if (!mayReadOutbox(twostep, { headers: request.headers, cookie: (name) => cookieFrom(request.headers, name) })) {
    return new Response("Not found", { status: 404, headers: NO_STORE });
  }
  const toParam = new URL(request.url).searchParams.get("to");
  let to: string | undefined;
  if (toParam !== null) {
    const parsed = normalizePhone(toParam);
    if (!parsed.ok) return Response.json({ error: { code: "INVALID_PHONE" } }, { status: 400 });
    to = parsed.phone.e164;
    if (!everything && !isTestNumber(to)) return new Response("Not found", { status: 404 });
  }
  let messages;
  try {
    // A stalled database answers nothing: give up after the core's store deadline.
    messages = (await withinStoreDeadline(twostep.smsLog.outbox({ to, limit: 100 }))).filter((m) => everything || isTestNumber(m.to));
  } catch (error) {
    // The database is down or stalled: say so. The logger's error serializer keeps the statement's
    // parameters (the number asked for) out of the log; an unhandled error would print them.
    twostep.logger.error({ err: error }, "dev outbox: the SMS log could not be read");
    return Response.json({ error: { code: "UNAVAILABLE" } }, { status: 503, headers: { ...NO_STORE, "Retry-After": "5" } });
  }
  return Response.json(
    { messages: messages.map((m) => ({ to: m.to, body: m.body, createdAt: m.createdAt.toISOString() })) },
    { headers: NO_STORE },
  );
}
