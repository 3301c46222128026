import { completeSignInWithAuthenticator, completeSignInWithBackupCode, completeSignInWithCode } from "@/server/auth/second-factor";
import { twoStepSession } from "@/server/auth/two-step-session";
import { getViewer } from "@/server/auth/viewer";
import { clientIp } from "@/server/client-ip";
import { getTwoStep } from "@/server/twostep";
import { createTwoStepYoga, type TwoStepYoga } from "@twostep/graphql";
import type { TwoStep } from "@twostep/core/env";

export const dynamic = "force-dynamic";

/**
 * The Next.js side of the GraphQL API (@twostep/graphql): the session comes from the Auth.js
 * cookie (getViewer, the one gate), and a completed sign-in, by SMS code or backup code, sets its
 * fresh cookie through next/headers, which Next adds to the Response yoga returns.
 */
function createServer(twostep: TwoStep): TwoStepYoga {
  return createTwoStepYoga({
    graphqlEndpoint: "/api/graphql",
    exposeSchema: twostep.config.env === "development",
    logger: twostep.logger,
    fetchAPI: { Response },
    context: async ({ request }) => {
      const ip = clientIp(request.headers);
      return {
        viewer: await getViewer(),
        ip,
        twoFactor: twostep.twoFactor,
        // The same helpers as the code pages: the core checks the factor, then the session is upgraded.
        completeSignIn: (viewer, proof) =>
          proof.factor === "sms"
            ? completeSignInWithCode(viewer, proof.code, ip)
            : proof.factor === "totp"
              ? completeSignInWithAuthenticator(viewer, proof.code, ip)
              : completeSignInWithBackupCode(viewer, proof.code, ip),
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

/** Made on the first request, not at import: `next build` loads this module without any config. */
let server: TwoStepYoga | undefined;

async function handle(request: Request): Promise<Response> {
  server ??= createServer(await getTwoStep());
  return server.handleRequest(request, {});
}

export { handle as GET, handle as POST };
