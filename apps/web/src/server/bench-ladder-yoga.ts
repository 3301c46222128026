import { completeSignInThroughCore, type TwoStepYoga } from "@twostep/graphql";
import type { TwoStep } from "@twostep/core/env";
import { createGraphQLServer } from "./graphql-server";

/**
 * The ladder's "yoga" step (api/bench/ladder): the ladder's check, served through the server
 * GraphQL's route builds (the HTTP gate, the cached parse and validation, the resolver, the
 * result's serialisation), so the bench shows what yoga costs apart from the sign-in helpers the
 * route passes. Its sign-in completion is the core's check alone: a passed check upgrades no
 * session, so this server can't finish a sign-in (test/http/bench-ladder-cannot-sign-in.test.ts).
 */
export function createLadderYoga(twostep: TwoStep): TwoStepYoga {
  return createGraphQLServer(twostep, {
    graphqlEndpoint: "/api/bench/ladder",
    completeSignIn: (ip) => completeSignInThroughCore({ twoFactor: twostep.twoFactor, ip, upgradeSession: async () => undefined }),
  });
}
