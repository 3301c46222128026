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
  // The session is read only to find a pending sign-in code to drop; with the store down there is
  // no reading it, and no dropping the code either (it expires on its own).
  const viewer = await getViewer().catch((error: unknown) => {
    if (error instanceof ServiceUnavailableError) return null;
    throw error;
  });
  if (viewer?.kind === "pending") {
    const twostep = await getTwoStep();
    // Best effort, for the same reason.
    await twostep.challenges.cancel({ userId: viewer.userId, purpose: "sign_in" }).catch(() => undefined);
  }
  await signOut({ redirect: false });
  redirect("/sign-in?signed-out=1");
}
