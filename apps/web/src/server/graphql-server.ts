import { errorMessages } from "@twostep/core";
import { createTwoStepYoga, type TwoStepGraphQLContext, type TwoStepYoga } from "@twostep/graphql";
import { createGraphQLError } from "graphql-yoga";
import type { TwoStep } from "@twostep/core/env";
import { twoStepSession } from "./auth/two-step-session";
import { getViewer } from "./auth/viewer";
import { clientIp } from "./client-ip";
import { ServiceUnavailableError, UNAVAILABLE_RESPONSE_INIT } from "./unavailable";

/**
 * The Next.js side of the GraphQL API (@twostep/graphql): the session comes from the Auth.js
 * cookie (getViewer, the one gate), and a completed sign-in, by SMS code or backup code, sets its
 * fresh cookie through next/headers, which Next adds to the Response yoga returns.
 * `completeSignIn` is given the request's client address; the API route passes the sign-in helpers
 * the code pages use, the bench ladder's yoga step the core's check alone.
 */
export function createGraphQLServer(
  twostep: TwoStep,
  options: { graphqlEndpoint: string; completeSignIn: (ip: string | null) => TwoStepGraphQLContext["completeSignIn"] },
): TwoStepYoga {
  return createTwoStepYoga({
    graphqlEndpoint: options.graphqlEndpoint,
    exposeSchema: twostep.config.env === "development",
    logger: twostep.logger,
    fetchAPI: { Response },
    context: async ({ request }) => {
      const ip = clientIp(request.headers);
      return {
        viewer: await viewerOrUnavailable(),
        ip,
        twoFactor: twostep.twoFactor,
        completeSignIn: options.completeSignIn(ip),
        // Trusted browsers, as the security page lists them; null when TRUSTED_DEVICE_DAYS=0.
        trustedDevices: twostep.trustedDevices,
        // The security page's session list and password change, through the same helpers.
        // The viewer is getViewer's own object, so it carries this request's session id.
        sessions: {
          list: (viewer) => twoStepSession.listSessions(viewer),
          end: (viewer, id) => twoStepSession.endSession(viewer, id),
          endOthers: (viewer) => twoStepSession.endOtherSessions(viewer),
        },
        accounts: twostep.accounts,
      };
    },
  });
}

/**
 * The session, or the API's UNAVAILABLE error as a 503 (/api/me's answer): thrown from the
 * context, an unplanned error would be masked to the same code but answered 500 and logged as a bug.
 */
async function viewerOrUnavailable() {
  try {
    return await getViewer();
  } catch (error) {
    if (!(error instanceof ServiceUnavailableError)) throw error;
    const { status, headers } = UNAVAILABLE_RESPONSE_INIT;
    throw createGraphQLError(errorMessages.UNAVAILABLE, { extensions: { code: "UNAVAILABLE", http: { status, headers: { ...headers } } } });
  }
}
