import { getViewer, type Viewer } from "@/server/auth/viewer";
import { getTwoStep } from "@/server/twostep";
import { fromStore, ServiceUnavailableError, UNAVAILABLE_RESPONSE_INIT } from "@/server/unavailable";

export const dynamic = "force-dynamic";

/**
 * Who is signed in, for API clients: 401 unless the session is full. Not under the proxy's
 * matcher, so this is the route's own check (src/server/auth/viewer.ts) doing the work.
 */
export async function GET() {
  try {
    const viewer = await getViewer();
    return await me(viewer);
  } catch (error) {
    // The database (or Redis) did not answer in time: say so rather than hang or answer 500.
    if (error instanceof ServiceUnavailableError) return Response.json({ error: { code: "UNAVAILABLE" } }, UNAVAILABLE_RESPONSE_INIT);
    throw error;
  }
}

async function me(viewer: Viewer) {
  if (viewer.kind !== "full") {
    return Response.json({ error: { code: "UNAUTHENTICATED" } }, { status: 401, headers: { "Cache-Control": "no-store" } });
  }
  const twostep = await getTwoStep();
  const user = await fromStore(twostep.accounts.byId(viewer.userId));
  if (!user) return Response.json({ error: { code: "UNAUTHENTICATED" } }, { status: 401, headers: { "Cache-Control": "no-store" } });
  const { email, twoFactorEnabled } = twostep.accounts.view(user);
  return Response.json({ email, twoFactorEnabled }, { headers: { "Cache-Control": "no-store" } });
}
