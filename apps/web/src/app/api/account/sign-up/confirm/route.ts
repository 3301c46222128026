import { accountFailure, accountJsonBody } from "@/server/account-json";
import { clientIp } from "@/server/client-ip";
import { getTwoStep } from "@/server/twostep";

export const dynamic = "force-dynamic";

/**
 * The JSON half of a sign-up link: `{ "token", "password" }` (the link's token and the password
 * chosen at sign-up) → 201, the account made. Nobody is signed in: sign in at
 * /api/auth/callback/credentials.
 */
export async function POST(request: Request) {
  const body = await accountJsonBody(request);
  if (!body.ok) return body.response;
  const twostep = await getTwoStep();
  const result = await twostep.accounts.confirmSignUp({ token: body.value.token, password: body.value.password, ip: clientIp(request.headers) });
  if (result.ok) return Response.json({ ok: true }, { status: 201 });
  return accountFailure(result);
}
