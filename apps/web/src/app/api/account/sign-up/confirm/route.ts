import { describeFailure } from "@twostep/core";
import { bodyTooLarge, FORM_BODY_MAX_BYTES } from "@/server/body-limit";
import { clientIp } from "@/server/client-ip";
import { readJsonObject } from "@/server/read-json";
import { getTwoStep } from "@/server/twostep";

export const dynamic = "force-dynamic";

/**
 * The JSON half of a sign-up link: `{ "token", "password" }` (the link's token and the password
 * chosen at sign-up) → 201, the account made. Nobody is signed in: sign in at
 * /api/auth/callback/credentials.
 */
export async function POST(request: Request) {
  const body = await readJsonObject(request, FORM_BODY_MAX_BYTES);
  if (!body.ok && body.problem === "TOO_LARGE") return bodyTooLarge(FORM_BODY_MAX_BYTES);
  if (!body.ok) return Response.json({ error: { code: "INVALID_INPUT", message: "Send a JSON object." } }, { status: 400 });
  const twostep = await getTwoStep();
  const result = await twostep.accounts.confirmSignUp({ token: body.value.token, password: body.value.password, ip: clientIp(request.headers) });
  if (result.ok) return Response.json({ ok: true }, { status: 201 });
  const status =
    result.code === "RATE_LIMITED" ? 429
    : result.code === "UNAVAILABLE" ? 503
    : result.code === "INVALID_CREDENTIALS" ? 401
    : 400;
  return Response.json({ error: { code: result.code, message: describeFailure(result) } }, { status });
}
