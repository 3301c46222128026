import { successMessages } from "@twostep/core";
import { accountFailure, accountJsonBody } from "@/server/account-json";
import { clientIp } from "@/server/client-ip";
import { getTwoStep } from "@/server/twostep";

export const dynamic = "force-dynamic";

/**
 * JSON sign-up for API clients: `{ "email", "password" }` → 202, whether or not the address has
 * an account (a new one is mailed a link to /sign-up/confirm, one with an account a mail saying
 * so). The link and the same password make the account: the page, or POST ./confirm.
 */
export async function POST(request: Request) {
  const body = await accountJsonBody(request);
  if (!body.ok) return body.response;
  const twostep = await getTwoStep();
  const result = await twostep.accounts.requestSignUp({
    email: body.value.email,
    password: body.value.password,
    ip: clientIp(request.headers),
    confirmUrl: new URL("/sign-up/confirm", twostep.config.origin),
    signInUrl: new URL("/sign-in", twostep.config.origin),
  });
  if (result.ok) return Response.json({ ok: true, message: successMessages.signUpLinkSent(result.email) }, { status: 202 });
  return accountFailure(result);
}
