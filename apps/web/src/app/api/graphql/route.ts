import { completeSignInWithAuthenticator, completeSignInWithBackupCode, completeSignInWithCode } from "@/server/auth/second-factor";
import { createGraphQLServer } from "@/server/graphql-server";
import { getTwoStep } from "@/server/twostep";
import type { TwoStepYoga } from "@twostep/graphql";

export const dynamic = "force-dynamic";

/** Made on the first request, not at import: `next build` loads this module without any config. */
let server: TwoStepYoga | undefined;

async function handle(request: Request): Promise<Response> {
  server ??= createGraphQLServer(await getTwoStep(), {
    graphqlEndpoint: "/api/graphql",
    // The same helpers as the code pages: the core checks the factor, then the session is upgraded.
    completeSignIn: (ip) => (viewer, proof) =>
      proof.factor === "sms"
        ? completeSignInWithCode(viewer, proof.code, ip)
        : proof.factor === "totp"
          ? completeSignInWithAuthenticator(viewer, proof.code, ip)
          : completeSignInWithBackupCode(viewer, proof.code, ip),
  });
  return server.handleRequest(request, {});
}

export { handle as GET, handle as POST };
