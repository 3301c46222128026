import { getViewer } from "@/server/auth/viewer";
import { benchDatabaseUrl } from "@/server/bench-database";
import { createLadderYoga } from "@/server/bench-ladder-yoga";
import { isLadderStep } from "@/server/bench-ladder-steps";
import { clientIp } from "@/server/client-ip";
import { getConfig } from "@/server/config";
import { getTwoStep } from "@/server/twostep";
import { ServiceUnavailableError, UNAVAILABLE_RESPONSE_INIT } from "@/server/unavailable";
import type { TwoStepYoga } from "@twostep/graphql";

export const dynamic = "force-dynamic";

/** Made on the first "yoga" request, as GraphQL's route makes its server. */
let ladderYoga: TwoStepYoga | undefined;

/**
 * The steps between the floor (one `UPDATE … RETURNING`) and GraphQL's `verifyOtp`, for
 * `npm run bench:http -- --ladder`, so the bench shows what each part of a check's request costs:
 * - "body": reads and parses the JSON body, as the GraphQL gate does before anything else;
 * - "session": then reads the session (the cookie and its session row), as every check does;
 * - "check": then runs the core's code check (its window, the guess, its audit event), the call
 *   GraphQL's resolver makes, on the body's `code` (000000 when it has none, as the bench's). Only
 *   the check: a right code is spent, but this route never upgrades a session, so it can't finish
 *   a sign-in.
 * - "yoga": the same check through a second instance of GraphQL's own server (bench-ladder-yoga.ts):
 *   its HTTP gate reads the body, the context reads the session, the resolver runs the check, with
 *   the cached parse and validation and the result's serialisation; again no session is upgraded.
 * GraphQL is "yoga" plus the reference app's sign-in helper (the known-device cookie, the
 * browser's name for a new-device notice, the upgrade after a passed check).
 * A 404 outside a bench server (benchDatabaseUrl), like the floor.
 */
async function climb(request: Request): Promise<Response> {
  const step = request.headers.get("x-bench-step");
  if (!benchDatabaseUrl(getConfig()) || !isLadderStep(step)) return new Response("Not Found", { status: 404 });
  if (step === "yoga") {
    ladderYoga ??= createLadderYoga(await getTwoStep());
    return ladderYoga.handleRequest(request, {});
  }
  let body: unknown;
  try {
    body = JSON.parse(await request.text());
  } catch {
    return Response.json({ ok: false }, { status: 400 });
  }
  if (step === "body") return Response.json({ ok: typeof body === "object" });
  let viewer;
  try {
    viewer = await getViewer();
  } catch (error) {
    // A bench run against a stalled store: the outage as /api/me says it, not a 500.
    if (error instanceof ServiceUnavailableError) return Response.json({ error: { code: "UNAVAILABLE" } }, UNAVAILABLE_RESPONSE_INIT);
    throw error;
  }
  if (step === "session" || viewer.kind !== "pending") return Response.json({ ok: viewer.kind === "pending" });
  const { twoFactor } = await getTwoStep();
  // The bench's body is GraphQL's, whose guess is 000000; a test sends the right code as `code`.
  const code = typeof body === "object" && body !== null && "code" in body ? body.code : "000000";
  const result = await twoFactor.completeSignIn({ userId: viewer.userId, code, ip: clientIp(request.headers) });
  const attemptsLeft = !result.ok && "attemptsLeft" in result ? result.attemptsLeft : null;
  return Response.json({ data: { verifyOtp: result.ok ? { success: true } : { success: false, code: result.code, attemptsLeft } } });
}

export { climb as POST };
