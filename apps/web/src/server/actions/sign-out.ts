"use server";

import { redirect } from "next/navigation";
import { signOut } from "../auth/auth";
import { getViewer } from "../auth/viewer";
import { getTwoStep } from "../twostep";
import { ServiceUnavailableError } from "../unavailable";

/**
 * Ends the session; a sign-in code still waiting for this session is dropped with it. A store
 * outage must not keep anyone signed in: the cookie is cleared whatever the store says. Its record
 * then stays live until it expires (Auth.js's signOut event gives up at the store deadline).
 */
export async function signOutAction(): Promise<void> {
  try {
    // Read only to find a pending sign-in code to drop: with the store down there is no reading
    // the session, nor dropping the code (it expires on its own), and the sign-out goes on.
    const viewer = await getViewer();
    if (viewer.kind === "pending") {
      const twostep = await getTwoStep();
      await twostep.challenges.cancel({ userId: viewer.userId, purpose: "sign_in" }).catch(() => undefined);
    }
  } catch (error) {
    if (!(error instanceof ServiceUnavailableError)) throw error;
  }
  await signOut({ redirect: false });
  redirect("/sign-in?signed-out=1");
}
