"use server";

import { redirect } from "next/navigation";
import { signOut } from "../auth/auth";
import { getViewer } from "../auth/viewer";
import { getTwoStep } from "../twostep";

/** Ends the session; a sign-in code still waiting for this session is dropped with it. */
export async function signOutAction(): Promise<void> {
  const viewer = await getViewer();
  if (viewer.kind === "pending") {
    const twostep = await getTwoStep();
    // Best effort: a store outage must not keep anyone signed in.
    await twostep.challenges.cancel({ userId: viewer.userId, purpose: "sign_in" }).catch(() => undefined);
  }
  await signOut({ redirect: false });
  redirect("/sign-in?signed-out=1");
}
