import { describeFailure, successMessages } from "@twostep/core";
import { bodyTooLarge, FORM_BODY_MAX_BYTES } from "@/server/body-limit";
import { clientIp } from "@/server/client-ip";
import { readJsonObject } from "@/server/read-json";
import { getTwoStep } from "@/server/twostep";

export const dynamic = "force-dynamic";

/**
 * JSON sign-up for API clients: `{ "email", "password" }` → 202, whether or not the address has
 * an account (a new one is mailed a link to /sign-up/confirm, one with an account a mail saying
 * so). The link and the same password make the account: the page, or POST ./confirm.
 */
export async function POST(request: Request) {
  const body = await readJsonObject(request, FORM_BODY_MAX_BYTES);
  if (!body.ok && body.problem === "TOO_LARGE") return bodyTooLarge(FORM_BODY_MAX_BYTES);
  if (!body.ok) return Response.json({ error: { code: "INVALID_INPUT", message: "Send a JSON object." } }, { status: 400 });
  const twostep = await getTwoStep();
  const result = await twostep.accounts.requestSignUp({
    email: body.value.email,
    password: body.value.password,
    ip: clientIp(request.headers),
    confirmUrl: new URL("/sign-up/confirm", twostep.config.origin),
    signInUrl: new URL("/sign-in", twostep.config.origin),
  });
  if (result.ok) return Response.json({ ok: true, message: successMessages.signUpLinkSent(result.email) }, { status: 202 });
  const status = result.code === "RATE_LIMITED" ? 429 : result.code === "UNAVAILABLE" ? 503 : 400;
  return Response.json({ error: { code: result.code, message: describeFailure(result) } }, { status });
}
