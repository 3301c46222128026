export const dynamic = "force-dynamic";

/**
 * The baseline of `npm run bench:http`: what a route handler of this build costs when it does
 * nothing (routing, the handler call, a tiny JSON response), beside POST /api/graphql verifyOtp.
 *
 * Always on, in production too. It reads no session, no store and no setting, returns a constant,
 * and is cheaper than the not-found page that would answer in its place, so it exposes nothing
 * and adds no load an attacker couldn't cause with any unknown URL. Gating it would need either a
 * process.env read outside the validated config or a config variable that exists only for a
 * benchmark (docs/deployment.md).
 */
function bare(): Response {
  return Response.json({ ok: true });
}

export { bare as GET, bare as POST };
