import { completeSignInThroughCore, createTwoStepYoga, type TwoStepYoga } from "@twostep/graphql";
import type { TwoStep } from "@twostep/core/env";
import { getViewer } from "./auth/viewer";
import { clientIp } from "./client-ip";

/**
 * The ladder's "yoga" step (api/bench/ladder): the ladder's check, served through the same yoga
 * server GraphQL's route builds (the HTTP gate, the cached parse and validation, the resolver, the
 * result's serialisation), so the bench shows what yoga costs apart from the sign-in helper the
 * real route adds. Its sign-in completion is the core's check alone: a passed check upgrades no
 * session, so this server can't finish a sign-in (test/http/bench-ladder-cannot-sign-in.test.ts).
 */
export function createLadderYoga(twostep: TwoStep): TwoStepYoga {
  return createTwoStepYoga({
    graphqlEndpoint: "/api/bench/ladder",
    exposeSchema: false,
    logger: twostep.logger,
    fetchAPI: { Response },
    context: async ({ request }) => {
      const ip = clientIp(request.headers);
      return {
        viewer: await getViewer(),
        ip,
        twoFactor: twostep.twoFactor,
        completeSignIn: completeSignInThroughCore({ twoFactor: twostep.twoFactor, ip, upgradeSession: async () => undefined }),
      };
    },
  });
}
