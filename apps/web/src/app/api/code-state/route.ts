import type { NextRequest } from "next/server";
import { getViewer } from "@/server/auth/viewer";
import { getTwoStep } from "@/server/twostep";
import { ServiceUnavailableError, UNAVAILABLE_RESPONSE_INIT } from "@/server/unavailable";

export const dynamic = "force-dynamic";

const noStore = { "Cache-Control": "no-store" };

/**
 * What the code pages poll while a code is on its way (live-delivery-status.tsx): the state of
 * the viewer's own live code, never anyone else's and never the code. The sign-in code needs the
 * pending session; an enrollment code the full one. No session answers SESSION_ENDED, so the page
 * can say so instead of polling on.
 */
export async function GET(request: NextRequest) {
  const purpose = request.nextUrl.searchParams.get("purpose");
  if (purpose !== "sign_in" && purpose !== "enroll_phone") {
    return Response.json({ error: { code: "INVALID_INPUT" } }, { status: 400, headers: noStore });
  }
  let viewer;
  try {
    viewer = await getViewer();
  } catch (error) {
    // The session could not be read (store down or past its deadline): an outage, said as /api/me
    // says it, not a 500 and an error line for every poll of every waiting /verify page.
    if (error instanceof ServiceUnavailableError) return unavailable();
    throw error;
  }
  const stage = purpose === "sign_in" ? "pending" : "full";
  if (viewer.kind !== stage) return Response.json({ error: { code: "SESSION_ENDED" } }, { status: 401, headers: noStore });
  const twostep = await getTwoStep();
  const state = await twostep.twoFactor.codeState({ userId: viewer.userId, purpose });
  if (state !== null && "ok" in state) return unavailable();
  if (state === null) return Response.json({ code: null }, { headers: noStore });
  return Response.json(
    {
      code: {
        state: state.state,
        delivery: state.delivery?.status ?? null,
        undelivered: state.undelivered,
        resendAvailableInSeconds: state.resendAvailableInSeconds,
      },
    },
    { headers: noStore },
  );
}

const unavailable = () => Response.json({ error: { code: "UNAVAILABLE" } }, UNAVAILABLE_RESPONSE_INIT);
