import { completeSignInWithCode } from "@/server/auth/second-factor";
import { getViewer } from "@/server/auth/viewer";
import { clientIp } from "@/server/client-ip";
import { coreAccounts } from "@/server/graphql/core-accounts";
import { createTwoStepYoga, type TwoStepYoga } from "@/server/graphql/create-yoga";
import { getTwoStep } from "@/server/twostep";
import type { TwoStep } from "@twostep/core/env";

export const dynamic = "force-dynamic";

/**
 * The Next.js side of the GraphQL API: the session comes from the Auth.js cookie (getViewer, the
 * one gate), and a completed sign-in sets its fresh cookie through next/headers, which Next adds
 * to the Response yoga returns. Everything else lives in src/server/graphql.
 */
function createServer(twostep: TwoStep): TwoStepYoga {
  const accounts = coreAccounts(twostep.twoFactor, async (userId) => (await twostep.accounts.byId(userId))?.email ?? null);
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
        accounts,
        challenges: twostep.challenges,
        completeSignIn: (viewer, code) => completeSignInWithCode(viewer, code, ip),
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
