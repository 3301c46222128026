import { withinStoreDeadline } from "@twostep/core";
import { cookieFrom, mayReadOutbox } from "@/server/outbox-reader";
import { getTwoStep } from "@/server/twostep";

export const dynamic = "force-dynamic";

const NO_STORE = { "Cache-Control": "no-store" };
/** Longest address worth comparing (RFC 5321 path limit). */
const ADDRESS_MAX_CHARS = 320;

/**
 * The dev mail outbox as JSON, newest first (`?to=` one address), so end-to-end tests can read a
 * notice or a reset link. It exists only while mail is kept instead of sent (no SMTP_URL: in
 * development, or on a staging deployment that opted in); with SMTP it is a 404. Where a token is
 * configured (always in production) a request without it is a 404, as if nothing were here.
 */
export async function GET(request: Request) {
  const twostep = await getTwoStep();
  const outbox = twostep.mailOutbox;
  if (!outbox) return new Response("Not found", { status: 404, headers: NO_STORE });
  if (!mayReadOutbox(twostep, { headers: request.headers, cookie: (name) => cookieFrom(request.headers, name) })) {
    return new Response("Not found", { status: 404, headers: NO_STORE });
  }
  const to = new URL(request.url).searchParams.get("to");
  if (to !== null && (to.trim() === "" || to.length > ADDRESS_MAX_CHARS)) {
    return Response.json({ error: { code: "INVALID_EMAIL" } }, { status: 400, headers: NO_STORE });
  }
  const wanted = to?.trim().toLowerCase();
  let mails;
  try {
    mails = await withinStoreDeadline(outbox.recent(100, wanted));
  } catch (error) {
    twostep.logger.error({ err: error }, "dev mail outbox: the mail table could not be read");
    return Response.json({ error: { code: "UNAVAILABLE" } }, { status: 503, headers: { ...NO_STORE, "Retry-After": "5" } });
  }
  return Response.json(
    {
      messages: mails
        .map((m) => ({ to: m.to, subject: m.subject, text: m.text, kind: m.kind, createdAt: m.createdAt.toISOString() })),
    },
    { headers: NO_STORE },
  );
}
